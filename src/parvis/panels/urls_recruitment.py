"""URLs of the recruitment pages (joined into the panels namespace by urls.py): the panels,
volunteering, and the draws (organisers' page and public downloads)."""

from django.urls import include, path

from parvis.panels import exports
from parvis.panels import views_recruitment as views

application_patterns = [
    path("", views.application, name="application"),
    path("modifier/", views.application_edit, name="application_edit"),
    path("retirer/", views.application_withdraw, name="application_withdraw"),
]

draw_patterns = [
    path("", views.draws, name="draws"),
    path("graine/", views.draw_seed, name="draw_seed"),
    path("<int:pk>/effectuer/", views.draw_run, name="draw_run"),
    path("<int:pk>/tirage.json", views.draw_input, name="draw_input"),
    path("<int:pk>/resultat.json", views.draw_result, name="draw_result"),
]

urlpatterns = [
    path("", views.panel_list, name="list"),
    path("composition.csv", exports.composition_csv, name="composition_csv"),
    path("<slug:slug>/", views.panel_detail, name="panel"),
    path("<slug:slug>/volontaire/", views.volunteer, name="volunteer"),
    path("<slug:slug>/ma-candidature/", include(application_patterns)),
    path("<slug:slug>/tirages/", include(draw_patterns)),
    path("<slug:slug>/membres/<int:pk>/retrait/", views.member_withdraw,
         name="member_withdraw"),
]
