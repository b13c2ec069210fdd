from django.urls import path

from parvis.core import views_verification as views

app_name = "verification"
urlpatterns = [
    path("", views.search, name="search"),
    path("personne/<int:pk>/", views.person, name="person"),
    path("identite/", views.identity, name="identity"),
    path("identite/<slug:slug>/", views.oidc_start, name="oidc_start"),
    path("identite/<slug:slug>/retour/", views.oidc_callback, name="oidc_callback"),
]
