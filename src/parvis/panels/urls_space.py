"""URLs of the space pages (joined into the panels namespace by urls.py)."""

from django.urls import path

from parvis.panels import views_space

urlpatterns = [
    path("<slug:slug>/espace/", views_space.space_home, name="space"),
    path("<slug:slug>/espace/membres/", views_space.space_members, name="space_members"),
    path("<slug:slug>/espace/quitter/", views_space.space_leave, name="space_leave"),
    path("<slug:slug>/tableau-de-bord/", views_space.dashboard, name="dashboard"),
    path("<slug:slug>/tableau-de-bord/activite.csv", views_space.dashboard_csv,
         name="dashboard_csv"),
]
