"""Personal data in moderation: the privacy register, "Mes données" and retention.
Registered when the app is ready."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from parvis.core import privacy
from parvis.core.services import retention
from parvis.moderation.models import Appeal, CharterAcceptance, Flag


def processings() -> list[privacy.Processing]:
    return [
        privacy.Processing(
            _("Modération des contributions"),
            _("Faire respecter la charte de participation : acceptation de la charte,"
              " signalements, décisions de modération et recours."),
            privacy.PUBLIC_INTEREST,
            _("Version de la charte acceptée et date ; signalements (motif, précisions, auteur"
              " du signalement, jamais montré publiquement) ; recours et décisions."),
            _("Signalements supprimés %(days)s jours après leur traitement ; acceptations,"
              " décisions et recours : jusqu'à la suppression du compte, puis anonymisés.")
            % {"days": settings.RETENTION_DAYS["moderation_flags"]},
        ),
    ]


def my_moderation(user) -> dict:
    return {
        "charter_acceptances": list(
            CharterAcceptance.objects.filter(user=user).values("version", "accepted_at")
        ),
        "flags": [
            {"reason": flag.get_reason_display(), "details": flag.details,
             "created_at": flag.created_at, "closed_at": flag.closed_at}
            for flag in Flag.objects.filter(reporter=user)
        ],
        "appeals": list(
            Appeal.objects.filter(author=user).values("text", "created_at", "decided_at")
        ),
    }


def purge_flags(now) -> int:
    """Flags closed longer than the retention period are deleted."""
    return Flag.objects.filter(closed_at__lt=retention.cutoff("moderation_flags", now)).delete()[0]


PERSONAL_DATA = {"moderation": my_moderation}
RETENTION = {"moderation_flags": purge_flags}
