from django.urls import path

from parvis.moderation import views

app_name = "moderation"

urlpatterns = [
    path("charte/", views.charter, name="charter"),
    path("transparence/", views.report, name="report"),
    path("signaler/<int:content_type_id>/<int:object_id>/", views.flag, name="flag"),
    path("file/", views.queue, name="queue"),
    path("file/<int:pk>/", views.item, name="item"),
    path("recours/<int:pk>/", views.appeal, name="appeal"),
]
