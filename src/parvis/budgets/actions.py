"""Where participatory budgets let people do what a process' phases open (see
`parvis.core.modules`): submit a project, vote."""

from django.urls import reverse

from parvis.budgets.models import Budget
from parvis.budgets.projects import submit_decision
from parvis.budgets.voting import eligibility
from parvis.core.modules import ActionPoint, open_sample
from parvis.processes.models import Action, Process


def open_budget(action: str) -> Budget:
    budgets = Budget.objects.filter(process__in=Process.objects.published()).order_by("pk")
    return open_sample(budgets, action, "budget")


ACTIONS = [
    ActionPoint(Action.SUBMIT, "submit a project",
                decide=lambda budget, user: submit_decision(user, budget),
                page=lambda budget: reverse("budgets:submit", args=[budget.slug]),
                sample=lambda: open_budget(Action.SUBMIT)),
    ActionPoint(Action.VOTE, "vote",
                decide=eligibility,
                page=lambda budget: reverse("budgets:vote", args=[budget.slug]),
                sample=lambda: open_budget(Action.VOTE)),
]
