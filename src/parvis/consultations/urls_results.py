"""Results, exports, moderation of free-text answers and QR codes (in the consultations
namespace: consultations/urls.py includes these patterns)."""

from django.urls import include, path

from parvis.consultations import exports, views_results

urlpatterns = [
    path("reponses.csv", exports.open_answers_csv, name="open_answers_csv"),
    path("<slug:slug>/resultats/", include([
        path("", views_results.results, name="results"),
        path("reponses.csv", views_results.export_csv, name="results_csv"),
        path("moderation/", views_results.moderation, name="results_moderation"),
        path("moderation/<int:pk>/", views_results.moderate, name="results_moderate"),
    ])),
    path("<slug:slug>/qr/", include([
        path("", views_results.qr_sheet, name="qr_sheet"),
        *(path(f"<slug:site>.{kind}", views_results.qr_code, {"kind": kind}, name=f"qr_{kind}")
          for kind in ("svg", "png")),
    ])),
]
