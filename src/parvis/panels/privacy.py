"""Personal data of panel volunteers: the privacy register, "Mes données", retention and
account deletion.

A volunteer's birth date, communes and link to their account are personal data: they are
erased (the volunteer anonymised) `RETENTION_DAYS["panel_volunteers"]` days after the panel
ends, or when the account is deleted. The pool id and the category values stay, since they
are published with the draws that anyone may re-run. An application withdrawn or not yet in a
draw's pool is deleted with the account instead; one in a pool leaves the replacement
draws to come.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core import privacy
from parvis.core.services import retention
from parvis.panels.draws import withdraw_member
from parvis.panels.models import Member, PanelStatus, Volunteer, VolunteerStatus


def processings() -> list[privacy.Processing]:
    return [
        privacy.Processing(
            _("Panels citoyens : volontaires et membres"),
            _("Tirer au sort les membres d'un panel parmi les volontaires en respectant des"
              " quotas, publier le tirage pour qu'il soit vérifiable, animer le panel."),
            _("Consentement de la personne (art. 6-1-a RGPD)."),
            _("Date de naissance, communes de résidence et de travail, réponses au profil"
              " (tranche d'âge, genre, aisance numérique…), statut de la candidature. Publié :"
              " un identifiant tiré au hasard et les catégories du profil, sans nom ni date"
              " de naissance."),
            _("Date de naissance, communes et lien avec le compte effacés %(days)s jours"
              " après la fin du panel ; le profil anonymisé reste publié avec le tirage.")
            % {"days": settings.RETENTION_DAYS["panel_volunteers"]},
        ),
    ]


def my_applications(user) -> list[dict]:
    volunteers = Volunteer.objects.filter(user=user).select_related(
        "panel", "home_commune", "work_commune")
    return [
        {
            "panel": volunteer.panel.title,
            **privacy.values(volunteer, "pool_id", "birth_date"),
            **privacy.names_of(volunteer, "home_commune", "work_commune"),
            **privacy.values(volunteer, "profile", "status", "ineligibility_reason",
                             "consent_version", "consented_at", "created_at"),
        }
        for volunteer in volunteers
    ]


def my_memberships(user) -> list[dict]:
    return [
        {"panel": member.panel.title,
         **privacy.values(member, "joined_at", "withdrawn_at", "withdrawal_reason")}
        for member in Member.objects.filter(user=user).select_related("panel")
    ]


def anonymise(volunteers) -> int:
    """Erase what identifies the volunteers (and their memberships' link to the account)."""
    ids = list(volunteers.filter(anonymised_at=None).values_list("pk", flat=True))
    Member.objects.filter(volunteer__in=ids).update(user=None)
    return Volunteer.objects.filter(pk__in=ids).update(
        birth_date=None, home_commune=None, work_commune=None, user=None,
        anonymised_at=timezone.now(),
    )


def purge_volunteers(now: datetime) -> int:
    """Volunteers of the panels that ended more than the retention period ago."""
    ended_before = retention.cutoff("panel_volunteers", now).date()
    return anonymise(Volunteer.objects.filter(panel__ends_on__lt=ended_before))


@transaction.atomic
def forget(user) -> None:
    for member in Member.objects.filter(user=user, withdrawn_at=None):
        withdraw_member(member, str(_("Compte supprimé")), None)
    in_no_pool = (Q(status__in=[VolunteerStatus.INELIGIBLE, VolunteerStatus.WITHDRAWN])
                  | Q(panel__status=PanelStatus.RECRUITING))
    Volunteer.objects.filter(in_no_pool, user=user, member=None).delete()
    # Out of any replacement draw to come; the published pools keep the profile.
    Volunteer.objects.filter(user=user, member=None).update(status=VolunteerStatus.WITHDRAWN)
    anonymise(Volunteer.objects.filter(user=user))


PERSONAL_DATA = {"panel_applications": my_applications, "panel_memberships": my_memberships}
RETENTION = {"panel_volunteers": purge_volunteers}
