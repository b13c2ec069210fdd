from django.urls import path

from parvis.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("catalogue.jsonld", views.catalog_jsonld, name="catalog_jsonld"),
    path("<slug:slug>/", views.dataset, name="dataset"),
    path("<slug:slug>/schema.json", views.schema, name="schema"),
    path("<slug:slug>/quotidien.<str:format>", views.daily_dump, name="dump"),
]
