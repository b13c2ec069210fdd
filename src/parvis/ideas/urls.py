from django.urls import path

from parvis.ideas import exports, views

app_name = "ideas"
urlpatterns = [
    path("", views.idea_list, name="list"),
    path("boites/", views.box_list, name="boxes"),
    path("boites/<slug:slug>/", views.box_detail, name="box"),
    path("boites/<slug:slug>/proposer/", views.propose, name="propose"),
    path("boites/<slug:slug>/similaires.json", views.similar, name="similar"),
    path("export.csv", exports.all_csv, name="all_csv"),
    path("export.json", exports.all_json, name="all_json"),
    path("boites/<slug:slug>/export.csv", exports.export_csv, name="export_csv"),
    path("boites/<slug:slug>/export.json", exports.export_json, name="export_json"),
    path("mes-idees/", views.my_ideas, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/apercu/", views.preview, name="preview"),
    path("<int:pk>/publier/", views.publish, name="publish"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("<int:pk>/soutenir/", views.support, name="support"),
    path("<int:pk>/repondre/", views.answer, name="answer"),
    path("<int:pk>/fusionner/", views.merge, name="merge"),
]
