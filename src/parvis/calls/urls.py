from django.urls import path

from parvis.calls import urls_applications, urls_jury, views_jury

app_name = "calls"
urlpatterns = [
    path("mes-jurys/", views_jury.juries, name="juries"),  # before the calls' own pages
    *urls_applications.urlpatterns,
    *urls_jury.urlpatterns,
]
