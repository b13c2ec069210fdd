"""URLs of the jury pages (joined into the calls namespace by urls.py): the jurors' space, the
jury's composition, the deliberation and its report."""

from django.urls import include, path

from parvis.calls import views_jury as views

application_patterns = [
    path("", views.jury_application, name="jury_application"),
    path("interets/", views.jury_interests, name="jury_interests"),
    path("notes/", views.jury_scores, name="jury_scores"),
]

urlpatterns = [
    path("<slug:slug>/jury/", include([
        path("", views.jury_space, name="jury"),
        path("candidatures/<int:pk>/", include(application_patterns)),
        path("composition/", views.jury_members, name="jury_members"),
        path("composition/<int:pk>/retirer/", views.juror_remove, name="juror_remove"),
    ])),
    path("<slug:slug>/deliberation/", include([
        path("", views.deliberation, name="deliberation"),
        path("<int:pk>/decision/", views.decision, name="decision"),
        path("publier/", views.publish_laureates, name="publish_laureates"),
    ])),
    path("<slug:slug>/rapport-du-jury.pdf", views.report_pdf, name="jury_report_pdf"),
    path("<slug:slug>/rapport-du-jury.csv", views.report_csv, name="jury_report_csv"),
    path("<slug:slug>/laureats/", views.laureates, name="laureates"),
]
