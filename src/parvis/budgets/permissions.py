"""Who may manage which budget (views, back office and API ask here)."""

from django.db.models import QuerySet

from parvis.budgets.models import Budget
from parvis.processes.permissions import managed_processes, visible_processes


def managed_budgets(user) -> QuerySet[Budget]:
    """The budgets of the processes one manages: review projects, publish results."""
    return Budget.objects.filter(process__in=managed_processes(user))


def can_manage_budget(user, budget: Budget) -> bool:
    return managed_budgets(user).filter(pk=budget.pk).exists()


def visible_budgets(user) -> QuerySet[Budget]:
    return Budget.objects.filter(process__in=visible_processes(user))
