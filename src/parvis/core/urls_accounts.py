from django.contrib.auth import views as auth_views
from django.urls import path

from parvis.core.views import home

app_name = "accounts"
urlpatterns = [
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("inscription/", home, name="register"),
    path("", home, name="profile"),
]
