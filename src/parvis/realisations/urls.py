from django.urls import path

from parvis.realisations import views

app_name = "realisations"

urlpatterns = [
    path("", views.realisation_list, name="list"),
    path("carte/", views.realisation_map, name="map"),
    path("carte/donnees.geojson", views.map_data, name="map_data"),
    path("realisations.csv", views.export_csv, name="export_csv"),
    path("<int:pk>/", views.realisation_detail, name="detail"),
    path("<int:pk>/etape/", views.milestone_new, name="milestone_new"),
]
