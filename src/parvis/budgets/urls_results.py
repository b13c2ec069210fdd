"""URLs of the results pages (joined into the budgets namespace by urls.py)."""

from django.urls import path

from parvis.budgets import exports, views_results

urlpatterns = [
    path("resultats.csv", exports.all_results_csv, name="all_results_csv"),
    path("<slug:slug>/resultats/", views_results.results_page, name="results"),
    path("<slug:slug>/resultats/publier/", views_results.publish, name="publish"),
    path("<slug:slug>/resultats/comparaison/", views_results.results_comparison,
         name="results_comparison"),
    path("<slug:slug>/resultats/resultats.csv", views_results.results_csv, name="results_csv"),
    path("<slug:slug>/resultats/resultats.json", views_results.results_json,
         name="results_json"),
    path("<slug:slug>/resultats/bulletins-<int:sub_budget>.pb", views_results.ballots_pb,
         name="ballots_pb"),
    path("<slug:slug>/resultats/projets/<int:pk>/", views_results.project_explanation,
         name="project_explanation"),
    path("<slug:slug>/resultats/mon-bulletin/", views_results.receipt_explanation,
         name="receipt_explanation"),
]
