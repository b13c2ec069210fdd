"""URLs of the projects pages (joined into the budgets namespace by urls.py)."""

from django.urls import path

from parvis.budgets import views_projects as views

urlpatterns = [
    path("", views.budget_list, name="list"),
    path("<slug:slug>/", views.budget_detail, name="budget"),
    path("<slug:slug>/projets/", views.project_list, name="projects"),
    path("<slug:slug>/projets/<int:pk>/", views.project_detail, name="project"),
    path("<slug:slug>/projets/<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("<slug:slug>/deposer/", views.submit, name="submit"),
    path("<slug:slug>/analyse/", views.review_list, name="review"),
    path("<slug:slug>/analyse/promouvoir/", views.promote, name="promote"),
    path("<slug:slug>/analyse/<int:pk>/", views.review_project, name="review_project"),
    path("<slug:slug>/analyse/<int:pk>/decision/", views.review, name="review_decision"),
    path("<slug:slug>/analyse/<int:pk>/fusionner/", views.merge, name="merge"),
    path("<slug:slug>/analyse/<int:pk>/realisation/", views.post_update,
         name="project_update"),
]
