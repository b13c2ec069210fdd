from django.urls import path

from parvis.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("preferences/", views.preferences, name="preferences"),
    path("appareils/abonner/", views.push_subscribe, name="push_subscribe"),
    path("appareils/desabonner/", views.push_unsubscribe, name="push_unsubscribe"),
    path("tout-lu/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
