"""Fixtures of the lending tests: an active panel with members, organisers, devices,
a convention template, and loans at each step."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.core.models import Role, VerificationLevel
from parvis.lending import services
from parvis.lending.models import Acquisition, ConventionTemplate, Device, DeviceKind
from parvis.panels.models import Draw, Member, Panel, PanelStatus, Volunteer, VolunteerStatus
from parvis.processes.models import Process
from tests.lending.helpers import BODY, accept

_counter = itertools.count()

@pytest.fixture
def make_panel(db, communes):
    """An active panel whose process concerns `process_communes` (none: the metropolis)."""

    def make(process_communes=()):
        number = next(_counter)
        process = Process.objects.create(
            title=f"Pionniers {number}", slug=f"pionniers-{number}", summary="Résumé",
            description="Description", is_published=True,
        )
        process.communes.set([communes[slug] for slug in process_communes])
        today = timezone.localdate()
        return Panel.objects.create(
            process=process, title=f"Pionniers de la participation {number}",
            slug=f"panel-{number}", purpose="Tester des services.", size=4,
            starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=335),
            status=PanelStatus.ACTIVE, recruitment_closes_at=timezone.now() - timedelta(days=60),
            consent_text="J'accepte.",
        )

    return make


@pytest.fixture
def panel(make_panel):
    return make_panel()


@pytest.fixture
def make_member(make_user):
    """A member of `panel` drawn by lot; `user=None` for a member without an account."""

    def make(panel, user=..., **user_fields):
        number = next(_counter)
        if user is ...:
            user_fields.setdefault("verification_level", VerificationLevel.EMAIL)
            user = make_user(**user_fields)
        volunteer = Volunteer.objects.create(
            panel=panel, user=user, pool_id=f"L{number:05d}", status=VolunteerStatus.SELECTED,
            consent_version="1",
        )
        draw = panel.draws.first() or Draw.objects.create(
            panel=panel, size=panel.size, algorithm="maximin", seed="graine",
            performed_at=timezone.now())
        return Member.objects.create(panel=panel, volunteer=volunteer, user=user, draw=draw)

    return make


@pytest.fixture
def member(make_member, panel):
    return make_member(panel, first_name="Dominique", last_name="Lambert",
                       pseudonym="Pionnier33")


@pytest.fixture
def other_organiser(make_staff, make_panel, communes):
    """Organises a Talence panel only: keeps the shared inventory, not `panel`'s loans."""
    make_panel(process_communes=["talence"])
    return make_staff(Role.PROCESS_MANAGER, commune=communes["talence"],
                      pseudonym="OrganisationTalence")


@pytest.fixture
def make_device(db):
    def make(**fields):
        number = next(_counter)
        fields = {
            "kind": DeviceKind.TABLET, "os": "Android 14", "model": "Galaxy Tab A9+",
            "serial_number": f"SN-{number:05d}", "accessories": "chargeur, housse",
            "acquisition": Acquisition.PURCHASE,
            "acquired_on": timezone.localdate() - timedelta(days=100), **fields,
        }
        return services.save_device(Device(**fields), None, created=True)

    return make


@pytest.fixture
def device(make_device):
    return make_device()


@pytest.fixture
def template(db):
    return ConventionTemplate.objects.create(title="Convention de prêt", version="2026-1",
                                             body=BODY)


@pytest.fixture
def loan(device, member, organiser):
    """A prepared loan (convention not yet accepted)."""
    return services.prepare_loan(device, member, organiser, starts_on=timezone.localdate())


@pytest.fixture
def handed_over_loan(loan, template, organiser):
    accept(loan, template)
    return services.hand_over(loan, organiser)
