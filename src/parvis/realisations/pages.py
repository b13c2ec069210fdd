"""The realisations' public pages, and the milestone form as a process manager sees it, for
the quality gates."""

from django.urls import reverse

from parvis.core.models import Role, User
from parvis.core.modules import PublicPage, signed_in
from parvis.realisations import selectors


def with_milestones():
    realisation = selectors.public().filter(milestones__isnull=False).order_by("pk").first()
    if realisation is None:
        raise LookupError("No realisation with milestones: load the demo data.")
    return realisation


def metropolis_manager() -> User:
    user = (User.objects.filter(is_active=True, role_grants__role=Role.PROCESS_MANAGER,
                                role_grants__commune=None).order_by("pk").first())
    if user is None:
        raise LookupError("No process manager: load the demo data (`parvis load_demo`).")
    return user


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
