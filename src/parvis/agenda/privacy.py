"""Personal data of event registrations: the privacy register, "Mes données", retention
and account deletion. Registered when the app is ready."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from parvis.agenda import services
from parvis.agenda.models import Registration
from parvis.core import privacy


def processings() -> list[privacy.Processing]:
    return [
        privacy.Processing(
            _("Inscriptions aux événements"),
            _("Organiser les rendez-vous de la participation : places, liste d'attente,"
              " confirmation et rappel par e-mail."),
            privacy.PUBLIC_INTEREST,
            _("Nom, adresse e-mail, nombre de places, compte s'il y en a un ; visibles des"
              " seuls organisateurs de l'événement."),
            _("Supprimées %(days)s jours après l'événement ; une inscription dont l'adresse"
              " n'a pas été confirmée dans les %(hours)s heures est supprimée.")
            % {"days": settings.RETENTION_DAYS["event_registrations"],
               "hours": settings.AGENDA_CONFIRMATION_HOURS},
        ),
    ]


def my_registrations(user) -> list[dict]:
    return [
        {
            "event": registration.event.title,
            "starts_at": registration.event.starts_at,
            **privacy.values(registration, "name", "email", "seats", "status", "created_at"),
        }
        for registration in Registration.objects.filter(user=user).select_related("event")
    ]


PERSONAL_DATA = {"event_registrations": my_registrations}
RETENTION = {"event_registrations": services.purge_registrations,
             "event_pending_registrations": services.purge_pending_registrations}
forget = services.forget_registrations
