"""URLs of the space pages (joined into the panels namespace by urls.py): the members' space
and the organisers' dashboard."""

from django.urls import include, path

from parvis.panels import views_space

urlpatterns = [
    path("<slug:slug>/espace/", include([
        path("", views_space.space_home, name="space"),
        path("membres/", views_space.space_members, name="space_members"),
        path("quitter/", views_space.space_leave, name="space_leave"),
    ])),
    path("<slug:slug>/tableau-de-bord/", include([
        path("", views_space.dashboard, name="dashboard"),
        path("activite.csv", views_space.dashboard_csv, name="dashboard_csv"),
    ])),
]
