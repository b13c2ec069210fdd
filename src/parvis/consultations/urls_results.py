"""Results, exports, moderation of free-text answers and QR codes (in the consultations
namespace: consultations/urls.py includes these patterns)."""

from django.urls import path

from parvis.consultations import exports, views_results

urlpatterns = [
    path("reponses.csv", exports.open_answers_csv, name="open_answers_csv"),
    path("<slug:slug>/resultats/", views_results.results, name="results"),
    path("<slug:slug>/resultats/reponses.csv", views_results.export_csv, name="results_csv"),
    path("<slug:slug>/resultats/moderation/", views_results.moderation,
         name="results_moderation"),
    path("<slug:slug>/resultats/moderation/<int:pk>/", views_results.moderate,
         name="results_moderate"),
    path("<slug:slug>/qr/", views_results.qr_sheet, name="qr_sheet"),
    path("<slug:slug>/qr/<slug:site>.svg", views_results.qr_code, {"kind": "svg"},
         name="qr_svg"),
    path("<slug:slug>/qr/<slug:site>.png", views_results.qr_code, {"kind": "png"},
         name="qr_png"),
]
