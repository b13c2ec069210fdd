"""The realisations' public pages, and the milestone form as a process manager sees it, for
the quality gates."""

from django.urls import reverse

from parvis.core.models import Role, User
from parvis.core.modules import PublicPage, require_demo_data, signed_in
from parvis.realisations import selectors


def with_milestones():
    realisation = selectors.public().filter(milestones__isnull=False).order_by("pk").first()
    return require_demo_data(realisation, "No realisation with milestones")


def metropolis_manager() -> User:
    user = (User.objects.filter(is_active=True, role_grants__role=Role.PROCESS_MANAGER,
                                role_grants__commune=None).order_by("pk").first())
    return require_demo_data(user, "No process manager")


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("realisations", "realisations:list"),
        PublicPage("realisations-filtered", "realisations:list",
                   query={"status": "in_progress", "source": "budgets"}),
        PublicPage("realisations-map", "realisations:map"),
        PublicPage("realisation", resolver=lambda: with_milestones().get_absolute_url()),
        PublicPage("realisation-milestone", has_form=True,
                   resolver=lambda: reverse("realisations:milestone_new",
                                            args=[with_milestones().pk]),
                   session=signed_in(metropolis_manager)),
    ]
