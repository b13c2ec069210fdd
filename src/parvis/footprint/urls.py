from django.urls import path

from parvis.footprint import views

app_name = "footprint"

urlpatterns = [
    path("", views.footprint_page, name="page"),
]
