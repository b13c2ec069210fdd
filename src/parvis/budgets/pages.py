"""The public pages of participatory budgets, for the quality gates (see `parvis.core.modules`).

A resolver finds its page in the demo data when a gate opens it."""

from urllib.parse import urlencode

from django.urls import reverse

from parvis.budgets import demo_results, demo_vote
from parvis.budgets.models import Project, ProjectStatus
from parvis.core.models import Role, User
from parvis.core.modules import PublicPage, holder_of, require_demo_data, signed_in


def reviewed_project() -> Project:
    """A demo project with a public review decision (the budget in its submission phase)."""
    project = (Project.objects.public().filter(status=ProjectStatus.ELIGIBLE)
               .exclude(public_reason="").order_by("pk").first())
    return require_demo_data(project, "No eligible project")


def budget_detail() -> str:
    return reviewed_project().budget.get_absolute_url()


def budget_projects() -> str:
    return reverse("budgets:projects", args=[reviewed_project().budget.slug])


def budget_project_detail() -> str:
    return reviewed_project().get_absolute_url()


def budget_submission_form() -> str:
    return reverse("budgets:submit", args=[reviewed_project().budget.slug])


def budget_vote() -> str:
    return reverse("budgets:vote", args=[reviewed_project().budget.slug])


def lost_budget_project() -> Project:
    """A project not selected by a published vote: its explanation tells the most."""
    published = Project.objects.public().filter(budget__results_published_at__isnull=False)
    project = (published.filter(status=ProjectStatus.NOT_SELECTED)
               .select_related("budget").order_by("pk").first())
    return require_demo_data(project, "No published budget results")


def budget_results() -> str:
    return reverse("budgets:results", args=[lost_budget_project().budget.slug])


def budget_rule_comparison() -> str:
    return reverse("budgets:results_comparison", args=[lost_budget_project().budget.slug])


def budget_project_explanation() -> str:
    project = lost_budget_project()
    return reverse("budgets:project_explanation", args=[project.budget.slug, project.pk])


def budget_receipt_form() -> str:
    return reverse("budgets:receipt_explanation", args=[lost_budget_project().budget.slug])


def budget_receipt_explained() -> str:
    """The receipt form answered with the code of a ballot choosing the lost project."""
    project = lost_budget_project()
    choice = project.ballot_choices.select_related("ballot").order_by("pk").first()
    code = urlencode({"code": choice.ballot.receipt_code})
    return f"{reverse('budgets:receipt_explanation', args=[project.budget.slug])}?{code}"


def demo_voter() -> User:
    """The demo's citizen, who may vote in the budget whose vote is open."""
    user = User.objects.filter(pseudonym=demo_results.AUTHOR).first()
    return require_demo_data(user, "No demo citizen")


def open_ballot() -> str:
    return reverse("budgets:vote", args=[demo_vote.PROCESS])


def help_desk() -> str:
    """The help desk of the budget that takes paper ballots, as its helpers see it."""
    return reverse("budgets:desk", args=[reviewed_project().budget.slug])


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("budget-list", "budgets:list"),
        PublicPage("budget-detail", resolver=budget_detail),
        PublicPage("budget-projects", resolver=budget_projects),
        PublicPage("budget-project-detail", resolver=budget_project_detail),
        PublicPage("budget-project-new", resolver=budget_submission_form),
        PublicPage("budget-vote", resolver=budget_vote),
        PublicPage("budget-ballot", resolver=open_ballot, session=signed_in(demo_voter)),
        PublicPage("budget-desk", resolver=help_desk, session=signed_in(holder_of(Role.HELPER))),
        PublicPage("budget-results", resolver=budget_results),
        PublicPage("budget-rule-comparison", resolver=budget_rule_comparison),
        PublicPage("budget-project-explanation", resolver=budget_project_explanation),
        # A GET form (the gates submit POST forms): its error state is a page of its own.
        PublicPage("budget-receipt-explanation", resolver=budget_receipt_form),
        PublicPage("budget-receipt-explanation-error", resolver=budget_receipt_form, query="code="),
        PublicPage("budget-receipt-explanation-found", resolver=budget_receipt_explained),
    ]
