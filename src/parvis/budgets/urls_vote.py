"""URLs of the vote pages (joined into the budgets namespace by urls.py): the online vote and
the help desk's sessions."""

from django.urls import include, path

from parvis.budgets import views_vote

session_patterns = [
    path("fermer/", views_vote.desk_close, name="desk_close"),
    path("confirmer/", views_vote.desk_confirm, name="desk_confirm"),
    *(path(f"rapport.{extension}", views_vote.desk_report, {"extension": extension},
           name=f"desk_report_{extension}")
      for extension in ("csv", "pdf")),
]

urlpatterns = [
    path("<slug:slug>/voter/", include([
        path("", views_vote.vote, name="vote"),
        path("confirmer/", views_vote.confirm, name="vote_confirm"),
        path("recu/", views_vote.receipt, name="vote_receipt"),
    ])),
    path("<slug:slug>/guichet/", include([
        path("", views_vote.desk, name="desk"),
        path("recu/<str:code>/", views_vote.desk_receipt, name="desk_receipt"),
        path("session/", views_vote.desk_open, name="desk_open"),
        path("session/<int:pk>/", include(session_patterns)),
    ])),
]
