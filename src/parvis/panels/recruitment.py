"""Recruitment of a panel's volunteers: who may volunteer, eligibility, the profile the
quotas bear on, one application per person, changes and withdrawal before the draw."""

import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core import audit
from parvis.core.formats import date_format
from parvis.core.models import Commune, VerificationLevel
from parvis.panels.models import (
    Panel,
    PanelStatus,
    QuotaCategory,
    QuotaValue,
    Volunteer,
    VolunteerStatus,
)
from parvis.processes.models import Action, Process
from parvis.processes.services import Decision, action_decision

POOL_ID_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no look-alike characters
POOL_ID_LENGTH = 8
# Statuses a volunteer can still change or withdraw (before the pool is frozen).
OPEN_STATUSES = {VolunteerStatus.ELIGIBLE, VolunteerStatus.INELIGIBLE, VolunteerStatus.WITHDRAWN}


class AlreadyVolunteered(Exception):
    def __init__(self, volunteer: Volunteer):
        self.volunteer = volunteer
        super().__init__(_("Vous êtes déjà volontaire pour ce panel."))


def public_panels() -> QuerySet[Panel]:
    """Panels shown to everyone: out of preparation, in a published process."""
    return Panel.objects.exclude(status=PanelStatus.DRAFT).filter(
        process__in=Process.objects.published())


def recruitment_is_open(panel: Panel, at=None) -> bool:
    return (panel.status == PanelStatus.RECRUITING
            and (at or timezone.now()) < panel.recruitment_closes_at)


def volunteer_decision(panel: Panel, user) -> Decision:
    """May this person volunteer (or change their application) now?"""
    if not recruitment_is_open(panel):
        return Decision(False, _("L'appel à volontaires de ce panel est clos."))
    return action_decision(panel.process, Action.APPLY, user, VerificationLevel.EMAIL)


def application_of(panel: Panel, user) -> Volunteer | None:
    if not user.is_authenticated:
        return None
    return panel.volunteers.filter(user=user).first()


@dataclass(frozen=True)
class Application:
    """What a person declares in the volunteer form."""

    birth_date: date
    home_commune: Commune | None  # None: outside the metropolis
    work_commune: Commune | None
    answers: dict[str, str]  # {category key: value key} for the ASKED categories


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_band(values, age: int) -> QuotaValue | None:
    """The value whose key "min-max" (or "min-") holds `age`."""
    for value in values:
        low, _sep, high = value.key.partition("-")
        try:
            if int(low) <= age and (not high or age <= int(high)):
                return value
        except ValueError:
            continue
    return None


def assess(panel: Panel, application: Application) -> tuple[dict[str, str], str]:
    """The profile ({category key: value key}) and, if not eligible, why."""
    age = age_on(application.birth_date, panel.starts_on)
    commune = application.home_commune or (
        application.work_commune if panel.workers_eligible else None)
    reasons = []
    if age < panel.min_age:
        start = date_format(panel.starts_on, "j F Y")
        reasons.append(_("Il faut avoir au moins %(age)s ans au début du mandat (%(start)s).")
                       % {"age": panel.min_age, "start": start})
    if commune is None:
        reasons.append(_("Il faut habiter ou travailler dans l'une des communes de la métropole.")
                       if panel.workers_eligible else
                       _("Il faut habiter dans l'une des communes de la métropole."))
    profile = {}
    for category in panel.categories.prefetch_related("values"):
        values = list(category.values.all())
        if category.source == QuotaCategory.Source.ASKED:
            profile[category.key] = application.answers.get(category.key, "")
            continue
        if category.source == QuotaCategory.Source.AGE_BAND:
            value = age_band(values, age)
        else:
            value = next((v for v in values if commune and v.key == commune.slug), None)
        if value is not None:
            profile[category.key] = value.key
        elif category.source == QuotaCategory.Source.COMMUNE and commune is not None:
            reasons.append(_("La commune %(commune)s n'est pas concernée par ce panel.")
                           % {"commune": commune.name})
        elif category.source == QuotaCategory.Source.AGE_BAND and age >= panel.min_age:
            reasons.append(_("Votre âge ne correspond à aucune tranche d'âge de ce panel."))
    return profile, " ".join(reasons)


def new_pool_id() -> str:
    while True:
        pool_id = "".join(secrets.choice(POOL_ID_ALPHABET) for _ in range(POOL_ID_LENGTH))
        if not Volunteer.objects.filter(pool_id=pool_id).exists():
            return pool_id


def _apply(volunteer: Volunteer, application: Application) -> None:
    profile, reason = assess(volunteer.panel, application)
    volunteer.birth_date = application.birth_date
    volunteer.home_commune = application.home_commune
    volunteer.work_commune = application.work_commune
    volunteer.profile = profile
    volunteer.ineligibility_reason = reason
    volunteer.status = VolunteerStatus.INELIGIBLE if reason else VolunteerStatus.ELIGIBLE
    volunteer.consent_version = volunteer.panel.consent_version
    volunteer.consented_at = timezone.now()


def volunteer(panel: Panel, user, application: Application) -> Volunteer:
    """Record a person's application; a second one raises AlreadyVolunteered."""
    existing = application_of(panel, user)
    if existing is not None:
        raise AlreadyVolunteered(existing)
    candidate = Volunteer(panel=panel, user=user, pool_id=new_pool_id())
    _apply(candidate, application)
    try:
        with transaction.atomic():
            candidate.save()
            audit.record(user, "panel.volunteered", candidate, panel=panel.slug,
                         status=candidate.status)
    except IntegrityError:  # the same person, twice at the same time
        raise AlreadyVolunteered(application_of(panel, user)) from None
    return candidate


@transaction.atomic
def update_application(candidate: Volunteer, application: Application, actor) -> Volunteer:
    """Change an application (or volunteer again after withdrawing) while recruiting."""
    candidate = Volunteer.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status not in OPEN_STATUSES or not recruitment_is_open(candidate.panel):
        raise PermissionError(_("Votre candidature ne peut plus être modifiée."))
    _apply(candidate, application)
    candidate.save()
    audit.record(actor, "panel.application_updated", candidate, status=candidate.status)
    return candidate


def can_withdraw(candidate: Volunteer) -> bool:
    return (candidate.status in {VolunteerStatus.ELIGIBLE, VolunteerStatus.INELIGIBLE}
            and candidate.panel.status == PanelStatus.RECRUITING)


@transaction.atomic
def withdraw(candidate: Volunteer, actor) -> None:
    """Withdraw an application before the draw (the pool is frozen when the seed is out)."""
    candidate = Volunteer.objects.select_for_update().select_related("panel").get(
        pk=candidate.pk)
    if not can_withdraw(candidate):
        raise PermissionError(_("Le tirage au sort est engagé : la candidature ne peut plus"
                                " être retirée."))
    candidate.status = VolunteerStatus.WITHDRAWN
    candidate.save(update_fields=["status"])
    audit.record(actor, "panel.application_withdrawn", candidate)


def profile_counts(panel: Panel) -> list[dict]:
    """Per category and value: the quota and how many eligible volunteers and active members
    have that value (aggregates only, never a list of volunteers)."""
    volunteers = Counter()
    members = Counter()
    profiles = panel.volunteers.exclude(
        status__in=[VolunteerStatus.INELIGIBLE, VolunteerStatus.WITHDRAWN]
    ).values_list("profile", "member__withdrawn_at", "member__id")
    for profile, withdrawn_at, member_id in profiles:
        for key, value in profile.items():
            volunteers[key, value] += 1
            if member_id is not None and withdrawn_at is None:
                members[key, value] += 1
    return [
        {
            "category": category,
            "values": [
                {"value": value, "volunteers": volunteers[category.key, value.key],
                 "members": members[category.key, value.key]}
                for value in category.values.all()
            ],
        }
        for category in panel.categories.prefetch_related("values")
    ]
