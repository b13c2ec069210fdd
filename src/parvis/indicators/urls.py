from django.urls import path

from parvis.indicators import exports, views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("axe/<slug:slug>/", views.axis_page, name="axis"),
    path("indicateur/<slug:code>/", views.indicator_page, name="indicator"),
    path("valeurs.csv", exports.values_csv, name="values_csv"),
]
