"""Notifications in a person's data download, the privacy register, retention and
account deletion (a deleted account's notifications, preference and devices go)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from parvis.core import privacy
from parvis.core.services import retention
from parvis.notifications.models import Notification, NotificationPreference, PushSubscription


def my_notifications(user) -> dict:
    preference = NotificationPreference.objects.filter(user=user).first()
    return {
        "email_frequency": preference.email_frequency if preference else None,
        "notifications": [
            {
                "kind": notification.kind,
                "subject": notification.subject,
                "message": notification.message,
                "url": notification.url,
                "created_at": notification.created_at,
                "read_at": notification.read_at,
                "emailed_at": notification.emailed_at,
                "pushed_at": notification.pushed_at,
            }
            for notification in Notification.objects.filter(recipient=user)
        ],
        "devices": [
            {"endpoint": device.endpoint, "subscribed_at": device.created_at}
            for device in PushSubscription.objects.filter(user=user).order_by("pk")
        ],
    }


def forget(user) -> None:
    Notification.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    PushSubscription.objects.filter(user=user).delete()


def purge_read(now) -> int:
    """Notifications read more than the retention period ago."""
    return Notification.objects.filter(
        read_at__lt=retention.cutoff("notifications", now)
    ).delete()[0]


def processings() -> list[privacy.Processing]:
    return [
        privacy.Processing(
            _("Notifications"),
            _("Informer chaque personne des suites de ses contributions (réponses, statuts,"
              " modération), sur le site, par e-mail et sur ses appareils selon son choix."),
            privacy.PUBLIC_INTEREST,
            _("Objet et lien de la notification, dates de lecture et d'envoi, préférence"
              " d'envoi par e-mail, adresse d'abonnement et clés de chaque appareil qui les"
              " reçoit."),
            _("%(days)s jours après leur lecture ; jusqu'à la suppression du compte sinon.")
            % {"days": settings.RETENTION_DAYS["notifications"]},
        ),
    ]


PERSONAL_DATA = {"notifications": my_notifications}
RETENTION = {"notifications": purge_read}
