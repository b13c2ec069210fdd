from django.urls import path

from parvis.comments import views

app_name = "comments"
urlpatterns = [
    path("publier/", views.post, name="post"),
    path("<int:pk>/repondre/", views.reply, name="reply"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/supprimer/", views.delete, name="delete"),
]
