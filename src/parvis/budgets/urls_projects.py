"""URLs of the projects pages (joined into the budgets namespace by urls.py): the budgets,
their projects, and the review of the projects by the budget's managers."""

from django.urls import include, path

from parvis.budgets import views_projects as views

review_patterns = [
    path("", views.review_project, name="review_project"),
    path("decision/", views.review, name="review_decision"),
    path("fusionner/", views.merge, name="merge"),
]

urlpatterns = [
    path("", views.budget_list, name="list"),
    path("<slug:slug>/", views.budget_detail, name="budget"),
    path("<slug:slug>/deposer/", views.submit, name="submit"),
    path("<slug:slug>/projets/", include([
        path("", views.project_list, name="projects"),
        path("<int:pk>/", views.project_detail, name="project"),
        path("<int:pk>/retirer/", views.withdraw, name="withdraw"),
    ])),
    path("<slug:slug>/analyse/", include([
        path("", views.review_list, name="review"),
        path("promouvoir/", views.promote, name="promote"),
        path("<int:pk>/", include(review_patterns)),
    ])),
]
