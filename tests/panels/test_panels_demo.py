"""The panels' demo data: a drawn panel of 100 (with a replacement) and a panel recruiting,
deterministic, loaded once, with the public pages of the registry resolvable."""

import pytest
from django.utils import timezone

from parvis.core.models import Role, User, VerificationLevel
from parvis.core.services.roles import grant_role
from parvis.pages import public_pages
from parvis.panels import demo, draws, sortition
from parvis.panels.models import DrawKind, Panel, PanelStatus, VolunteerStatus
from parvis.processes.models import Process


@pytest.fixture
def demo_panels(communes):
    """What the panels' demo needs from the rest of the demo data, then the panels' demo."""
    Process.objects.create(title="Pionniers de la participation", slug=demo.PIONEERS_PROCESS,
                           summary="Résumé", description="Description", is_published=True)
    manager = User.objects.create_user("gestion@example.org", pseudonym=demo.MANAGER)
    grant_role(None, manager, Role.PROCESS_MANAGER)
    User.objects.create_user("camille@example.org", pseudonym=demo.CITIZEN,
                             verification_level=VerificationLevel.EMAIL,
                             email_confirmed_at=timezone.now())
    demo.load()
    demo.load()  # idempotent
    return {panel.slug: panel for panel in Panel.objects.all()}


def test_the_demo_panels(client, demo_panels):
    pioneers = demo_panels["pionniers-de-la-participation-2027"]
    assert pioneers.status == PanelStatus.ACTIVE
    assert pioneers.volunteers.count() == 250
    assert pioneers.volunteers.filter(status=VolunteerStatus.INELIGIBLE).exists()
    assert draws.active_members(pioneers).count() == 100
    initial, replacement = draws.published_draws(pioneers)
    assert initial.kind == DrawKind.INITIAL and replacement.kind == DrawKind.REPLACEMENT
    assert 0 < initial.result["min_probability"] < initial.result["max_probability"] < 1
    assert pioneers.members.get(draw=replacement).replaces.withdrawn_at is not None
    # The published document re-runs to the same panel.
    assert sortition.draw_document(draws.draw_document(initial)).selected == (
        initial.result["selected"])
    climate = demo_panels["foyers-pionniers-du-climat"]
    assert climate.status == PanelStatus.RECRUITING and not climate.draws.exists()
    assert climate.volunteers.filter(user__pseudonym=demo.CITIZEN,
                                     status=VolunteerStatus.ELIGIBLE).exists()


def test_the_public_pages_of_the_panels_resolve(client, demo_panels):
    pages = [page for page in public_pages()
             if page.name.startswith("panel-") and page.session is None]  # as a visitor
    assert len(pages) == 3
    for page in pages:
        assert client.get(page.path()).status_code == 200, page.name
