"""URLs of the applications pages (joined into the calls namespace by urls.py)."""

from django.urls import path

from parvis.calls import views_applications as views

urlpatterns = [
    path("", views.call_list, name="list"),
    path("mes-candidatures/", views.my_applications, name="mine"),
    path("candidatures/<int:pk>/", views.application_detail, name="application"),
    path("candidatures/<int:pk>/modifier/", views.application_edit, name="application_edit"),
    path("candidatures/<int:pk>/recevabilite/", views.application_review,
         name="application_review"),
    path("<slug:slug>/", views.call_detail, name="call"),
    path("<slug:slug>/candidater/", views.apply, name="apply"),
]
