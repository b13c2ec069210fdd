"""URLs of the applications pages (joined into the calls namespace by urls.py)."""

from django.urls import include, path

from parvis.calls import views_applications as views

urlpatterns = [
    path("", views.call_list, name="list"),
    path("mes-candidatures/", views.my_applications, name="mine"),
    path("candidatures/<int:pk>/", include([
        path("", views.application_detail, name="application"),
        path("modifier/", views.application_edit, name="application_edit"),
        path("recevabilite/", views.application_review, name="application_review"),
    ])),
    path("<slug:slug>/", views.call_detail, name="call"),
    path("<slug:slug>/candidater/", views.apply, name="apply"),
]
