"""URLs of the vote pages (joined into the budgets namespace by urls.py)."""

from django.urls import path

from parvis.budgets import views_vote

urlpatterns = [
    path("<slug:slug>/voter/", views_vote.vote, name="vote"),
    path("<slug:slug>/voter/confirmer/", views_vote.confirm, name="vote_confirm"),
    path("<slug:slug>/voter/recu/", views_vote.receipt, name="vote_receipt"),
    path("<slug:slug>/guichet/", views_vote.desk, name="desk"),
    path("<slug:slug>/guichet/recu/<str:code>/", views_vote.desk_receipt, name="desk_receipt"),
    path("<slug:slug>/guichet/session/", views_vote.desk_open, name="desk_open"),
    path("<slug:slug>/guichet/session/<int:pk>/fermer/", views_vote.desk_close,
         name="desk_close"),
    path("<slug:slug>/guichet/session/<int:pk>/confirmer/", views_vote.desk_confirm,
         name="desk_confirm"),
    *(path(f"<slug:slug>/guichet/session/<int:pk>/rapport.{extension}",
           views_vote.desk_report, {"extension": extension}, name=f"desk_report_{extension}")
      for extension in ("csv", "pdf")),
]
