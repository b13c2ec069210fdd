from django.urls import path

from parvis.comments import views_debates

app_name = "debates"
urlpatterns = [
    path("<slug:slug>/", views_debates.debate_list, name="list"),
    path("<slug:slug>/nouveau/", views_debates.debate_new, name="new"),
    path("<slug:slug>/<int:pk>/", views_debates.debate_detail, name="detail"),
]
