"""Fixtures shared by the panel tests (recruitment, draws, members' space, lending)."""

import itertools
from datetime import date, timedelta

import pytest
from django.utils import timezone

from parvis.core.models import VerificationLevel
from parvis.panels import draws
from parvis.panels.models import Panel, PanelStatus, QuotaCategory, Volunteer, VolunteerStatus
from parvis.processes.models import Process

_counter = itertools.count()

# {category key: (name, source, [(value key, label, minimum, maximum)])} for a panel of 4.
QUOTAS = {
    "commune": ("Commune", QuotaCategory.Source.COMMUNE, [
        ("bordeaux", "Bordeaux", 1, 3), ("merignac", "Mérignac", 1, 3),
        ("pessac", "Pessac", 0, 2),
    ]),
    "age": ("Tranche d'âge", QuotaCategory.Source.AGE_BAND, [
        ("18-34", "18 à 34 ans", 1, 3), ("35-64", "35 à 64 ans", 1, 3),
        ("65-", "65 ans et plus", 0, 2),
    ]),
    "genre": ("Genre", QuotaCategory.Source.ASKED, [
        ("femme", "Femme", 1, 3), ("homme", "Homme", 1, 3), ("autre", "Autre", 0, 1),
    ]),
    "numerique": ("Aisance numérique", QuotaCategory.Source.ASKED, [
        ("a-l-aise", "À l'aise", 1, 3), ("peu-a-l-aise", "Peu à l'aise", 1, 3),
    ]),
}
# Age reached on the panel's start date for each age band of QUOTAS.
AGES = {"18-34": 25, "35-64": 45, "65-": 70}
DEFAULT_PROFILE = {"commune": "bordeaux", "age": "35-64", "genre": "femme",
                   "numerique": "a-l-aise"}


@pytest.fixture
def make_panel(communes, make_process):
    """A published panel of 4 in RECRUITING with the QUOTAS categories; its process's
    current phase opens volunteering ("apply")."""

    def make(quotas=QUOTAS, **fields):
        number = next(_counter)
        process = make_process(title=f"Pionniers {number}", slug=f"pionniers-{number}",
                               phases=[("Appel à volontaires", -5, 10, ["apply"])])
        today = timezone.localdate()
        fields = {
            "title": f"Panel {number}", "slug": f"panel-{number}",
            "purpose": "Tester de nouveaux services numériques.", "size": 4,
            "starts_on": today + timedelta(days=30), "ends_on": today + timedelta(days=395),
            "status": PanelStatus.RECRUITING,
            "recruitment_closes_at": timezone.now() + timedelta(days=10),
            "consent_text": "J'accepte le traitement de mon profil pour le tirage au sort.",
            **fields,
        }
        panel = Panel.objects.create(process=process, **fields)
        for position, (key, (name, source, values)) in enumerate(quotas.items()):
            category = panel.categories.create(key=key, name=name, source=source,
                                               position=position)
            for rank, (value_key, label, minimum, maximum) in enumerate(values):
                category.values.create(key=value_key, label=label, minimum=minimum,
                                       maximum=maximum, position=rank)
        return panel

    return make


@pytest.fixture
def panel(make_panel):
    return make_panel()


def birth_date_for(panel: Panel, age: int) -> date:
    """A birth date giving `age` (plus half a year) on the panel's start date."""
    start = panel.starts_on
    return date(start.year - age - 1, start.month, 1) + timedelta(days=200)


@pytest.fixture
def make_volunteer(make_user, communes):
    """An eligible volunteer of `panel` whose profile is DEFAULT_PROFILE updated with
    `profile` ({category key: value key}); birth date and home commune match it.
    `user=None` makes a volunteer without account."""

    def make(panel, user=..., status=VolunteerStatus.ELIGIBLE, **profile):
        profile = {**DEFAULT_PROFILE, **profile}
        if user is ...:
            user = make_user(verification_level=VerificationLevel.EMAIL,
                             email_confirmed_at=timezone.now())
        keys = set(panel.categories.values_list("key", flat=True))
        return Volunteer.objects.create(
            panel=panel, user=user, pool_id=f"V{next(_counter):05d}",
            birth_date=birth_date_for(panel, AGES.get(profile.get("age"), 45)),
            home_commune=communes.get(profile.get("commune"), communes["bordeaux"]),
            profile={key: value for key, value in profile.items() if key in keys},
            status=status, consent_version=panel.consent_version,
        )

    return make


# Eight volunteers for the panel of 4; the draw keeps the quotas of QUOTAS.
POOL_PROFILES = [
    {"commune": "bordeaux", "age": "18-34", "genre": "femme", "numerique": "a-l-aise"},
    {"commune": "merignac", "age": "35-64", "genre": "homme", "numerique": "peu-a-l-aise"},
    {"commune": "bordeaux", "age": "65-", "genre": "femme", "numerique": "peu-a-l-aise"},
    {"commune": "merignac", "age": "35-64", "genre": "homme", "numerique": "a-l-aise"},
    {"commune": "pessac", "age": "18-34", "genre": "autre", "numerique": "a-l-aise"},
    {"commune": "bordeaux", "age": "35-64", "genre": "homme", "numerique": "peu-a-l-aise"},
    {"commune": "merignac", "age": "18-34", "genre": "femme", "numerique": "a-l-aise"},
    {"commune": "pessac", "age": "65-", "genre": "femme", "numerique": "peu-a-l-aise"},
]


def close_recruitment(panel):
    panel.recruitment_closes_at = timezone.now() - timedelta(minutes=1)
    panel.save(update_fields=["recruitment_closes_at"])


@pytest.fixture
def drawn_panel(panel, make_volunteer, organiser):
    """`panel` after recruitment (POOL_PROFILES, each volunteer with an account) and its
    initial draw: ACTIVE, 4 members, 4 volunteers not selected."""
    for profile in POOL_PROFILES:
        make_volunteer(panel, **profile)
    close_recruitment(panel)
    draws.run_draw(draws.publish_seed(panel, organiser, "graine du panel"), organiser)
    panel.refresh_from_db()
    return panel


SPACE_ACTIONS = ["answer", "comment", "submit", "support", "register"]


@pytest.fixture
def space_panel(drawn_panel):
    """`drawn_panel` 60 days into its mandate, with a members' space: a process reserved to
    its members whose current phase opens every action. Its members joined when the mandate
    started and accepted the charter."""
    from datetime import datetime, time

    from parvis.moderation.services import accept_charter
    from parvis.processes.models import Phase

    now = timezone.now()
    space = Process.objects.create(
        title=f"Espace {drawn_panel.title}", slug=f"espace-{drawn_panel.slug}",
        summary="Réservé aux membres.", description="Réservé aux membres.", is_published=True,
    )
    Phase.objects.create(process=space, title="Vie du panel", starts_at=now - timedelta(days=90),
                         ends_at=now + timedelta(days=300), actions=SPACE_ACTIONS)
    today = timezone.localdate()
    drawn_panel.starts_on = today - timedelta(days=60)
    drawn_panel.ends_on = today + timedelta(days=300)
    drawn_panel.space_process = space
    drawn_panel.save()
    start = timezone.make_aware(datetime.combine(drawn_panel.starts_on, time.min))
    drawn_panel.members.update(joined_at=start)
    for member in drawn_panel.members.select_related("user"):
        member.user.date_joined = start - timedelta(days=30)
        member.user.save(update_fields=["date_joined"])
        accept_charter(member.user)
    return drawn_panel
