from django.urls import path

from parvis.agenda import exports, views

app_name = "agenda"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("mois/", views.event_month, name="month_current"),
    path("mois/<int:year>/<int:month>/", views.event_month, name="month"),
    path("mes-inscriptions/", views.my_registrations, name="mine"),
    path("agenda.ics", views.feed, name="feed"),
    path("evenements.csv", exports.events_csv, name="export_csv"),
    path("commune/<slug:slug>.ics", views.commune_feed, name="commune_feed"),
    path("demarche/<slug:slug>.ics", views.process_feed, name="process_feed"),
    path("annulation/<str:token>/", views.cancel, name="cancel"),
    path("confirmation/<str:token>/", views.confirm, name="confirm"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>.ics", views.event_ics, name="ics"),
    path("<slug:slug>/lieu.geojson", views.event_place, name="place"),
    path("<slug:slug>/inscription/", views.register, name="register"),
    path("<slug:slug>/inscriptions.csv", views.attendees, name="attendees"),
]
