"""Participatory budgets in « Mon espace »: my ballots with their receipt codes, my
projects; for managers, the projects awaiting their review."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parvis.budgets.models import Ballot, Project, ProjectStatus
from parvis.budgets.permissions import managed_budgets
from parvis.core.modules import Entry, section

# Projects no one has decided on yet (eligible or not).
UNDECIDED = [ProjectStatus.SUBMITTED, ProjectStatus.REVIEWING]


def my_space(user) -> list:
    ballots = Ballot.objects.filter(voter=user).select_related("budget").order_by(
        "-cast_at", "-pk")
    projects = Project.objects.filter(author=user).select_related("budget").order_by("-pk")
    return [
        section(_("Mes votes"), ballots, lambda ballot: Entry(
            ballot.budget.title, reverse("budgets:vote_receipt", args=[ballot.budget.slug]),
            _("code de reçu : %s") % ballot.receipt_code,
        )),
        section(_("Mes projets de budget participatif"), projects, lambda project: Entry(
            project.title, project.get_absolute_url(), project.get_status_display())),
    ]


def awaiting(user) -> list[Entry]:
    budgets = managed_budgets(user).annotate(
        to_review=Count("projects", filter=Q(projects__status__in=UNDECIDED))
    ).filter(to_review__gt=0).order_by("pk")
    return [Entry(ngettext("%(count)d projet à analyser : %(budget)s",
                           "%(count)d projets à analyser : %(budget)s", budget.to_review)
                  % {"count": budget.to_review, "budget": budget.title},
                  reverse("budgets:review", args=[budget.slug])) for budget in budgets]
