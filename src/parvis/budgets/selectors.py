"""Read-side queries of budget projects, shared by the pages and the back office.

Every listing reads a fixed number of queries whatever the number of projects: the
envelope, theme and commune come by joins, the comment count by an aggregate.
"""

from django.db.models import Count, Q, QuerySet

from parvis.budgets.models import (
    PUBLIC_PROJECT_STATUSES,
    Budget,
    Project,
    ProjectStatus,
    SubBudget,
)
from parvis.budgets.permissions import visible_budgets
from parvis.core.search import alphabetical_order
from parvis.processes.permissions import can_manage_process, may_take_part, with_reservation

LISTING_RELATED = ["budget", "sub_budget__commune", "sub_budget__district", "theme", "commune"]


def budgets_for(user) -> QuerySet[Budget]:
    return visible_budgets(user).select_related("process")


def budget_to_vote(user, slug: str) -> Budget | None:
    """The budget `slug` when `user` may see it, with `process_accessible` (may they take
    part in its process): one query for a public process; a second one for a process a
    module reserves (a panel's members' space), or one they may see as its manager alone (a
    draft). The same budgets as `budgets_for`."""
    budget = with_reservation(Budget.objects.select_related("process")).filter(
        slug=slug).first()
    if budget is None:
        return None
    budget.process_accessible = may_take_part(user, budget.process, budget.process_reserved)
    if budget.process_accessible or can_manage_process(user, budget.process):
        return budget
    return None


def sub_budgets_with_counts(budget: Budget) -> QuerySet[SubBudget]:
    """The envelopes of a budget, each with its number of public and of eligible projects."""
    shown = Q(projects__status__in=PUBLIC_PROJECT_STATUSES, projects__hidden_at=None)
    return budget.sub_budgets.select_related("commune", "district").annotate(
        project_count=Count("projects", filter=shown),
        eligible_count=Count("projects",
                             filter=shown & Q(projects__status=ProjectStatus.ELIGIBLE)),
    )


def public_projects(budget: Budget) -> QuerySet[Project]:
    visible = Q(comments__hidden_at=None, comments__deleted_at=None)
    return (Project.objects.public().filter(budget=budget).select_related(*LISTING_RELATED)
            .annotate(comment_count=Count("comments", filter=visible))
            .order_by(*alphabetical_order("title"), "pk"))


def filter_projects(projects: QuerySet[Project], sub_budget=None, commune=None, theme=None,
                    status: str = "") -> QuerySet[Project]:
    if sub_budget is not None:
        projects = projects.filter(sub_budget=sub_budget)
    if commune is not None:
        projects = projects.filter(commune=commune)
    if theme is not None:
        projects = projects.filter(theme=theme)
    if status:
        projects = projects.filter(status=status)
    return projects


def review_projects(budget: Budget) -> QuerySet[Project]:
    """Every project of a budget, for its managers (hidden ones included)."""
    return (Project.objects.filter(budget=budget).select_related(*LISTING_RELATED)
            .order_by("status", "title", "pk"))
