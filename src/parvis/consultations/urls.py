from django.urls import include, path

from parvis.consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("<slug:slug>/", views.answer, name="answer"),
    path("", include("parvis.consultations.urls_results")),
]
