from django.urls import path

from parvis.processes import views

app_name = "processes"
urlpatterns = [
    path("", views.process_list, name="list"),
    path("<slug:slug>/", views.process_detail, name="detail"),
]
