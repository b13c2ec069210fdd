from django.urls import path

from parvis.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("axe/<slug:slug>/", views.axis_page, name="axis"),
    path("indicateur/<slug:code>/", views.indicator_page, name="indicator"),
]
