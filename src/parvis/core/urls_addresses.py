from django.urls import path

from parvis.core import views_addresses

app_name = "addresses"
urlpatterns = [
    path("", views_addresses.complete, name="complete"),
    path("inverse/", views_addresses.reverse, name="reverse"),
]
