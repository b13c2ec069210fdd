"""URLs of the results pages (joined into the budgets namespace by urls.py)."""

from django.urls import include, path

from parvis.budgets import exports, views_results

urlpatterns = [
    path("resultats.csv", exports.all_results_csv, name="all_results_csv"),
    path("<slug:slug>/resultats/", include([
        path("", views_results.results_page, name="results"),
        path("publier/", views_results.publish, name="publish"),
        path("comparaison/", views_results.results_comparison, name="results_comparison"),
        path("projets/<int:pk>/", views_results.project_explanation,
             name="project_explanation"),
        path("mon-bulletin/", views_results.receipt_explanation, name="receipt_explanation"),
        # The files anyone may download to check the tally.
        path("resultats.csv", views_results.results_csv, name="results_csv"),
        path("resultats.json", views_results.results_json, name="results_json"),
        path("bulletins-<int:sub_budget>.pb", views_results.ballots_pb, name="ballots_pb"),
    ])),
]
