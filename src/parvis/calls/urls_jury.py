"""URLs of the jury pages (joined into the calls namespace by urls.py)."""

from django.urls import path

from parvis.calls import views_jury as views

urlpatterns = [
    path("<slug:slug>/jury/", views.jury_space, name="jury"),
    path("<slug:slug>/jury/candidatures/<int:pk>/", views.jury_application,
         name="jury_application"),
    path("<slug:slug>/jury/candidatures/<int:pk>/interets/", views.jury_interests,
         name="jury_interests"),
    path("<slug:slug>/jury/candidatures/<int:pk>/notes/", views.jury_scores, name="jury_scores"),
    path("<slug:slug>/jury/composition/", views.jury_members, name="jury_members"),
    path("<slug:slug>/jury/composition/<int:pk>/retirer/", views.juror_remove,
         name="juror_remove"),
    path("<slug:slug>/deliberation/", views.deliberation, name="deliberation"),
    path("<slug:slug>/deliberation/<int:pk>/decision/", views.decision, name="decision"),
    path("<slug:slug>/deliberation/publier/", views.publish_laureates, name="publish_laureates"),
    path("<slug:slug>/rapport-du-jury.pdf", views.report_pdf, name="jury_report_pdf"),
    path("<slug:slug>/rapport-du-jury.csv", views.report_csv, name="jury_report_csv"),
    path("<slug:slug>/laureats/", views.laureates, name="laureates"),
]
