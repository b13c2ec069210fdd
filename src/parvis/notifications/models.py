"""In-site notifications and how each person wants to receive them by e-mail."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core import modules

# The kind every tool may use for news of what a person follows or takes part in; each
# module declares its own kinds too (`Module.notification_kinds`).
FOLLOWED_UPDATE = "followed_update"


def kinds() -> list[tuple[str, str]]:
    """Every kind of notification, as the registered modules declare them."""
    return modules.notification_kinds()


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
        verbose_name=_("destinataire"),
    )
    kind = models.CharField(_("type"), max_length=30, choices=kinds)
    subject = models.CharField(_("objet"), max_length=200)
    message = models.TextField(_("message"))
    url = models.CharField(_("lien"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("auteur de l'action"),
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("envoyée par e-mail le"), null=True, blank=True)
    pushed_at = models.DateTimeField(_("envoyée sur les appareils le"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.subject


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("tout de suite, un e-mail par notification")
    DAILY = "daily", _("un résumé par jour")
    NONE = "none", _("jamais (seulement sur le site)")


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference",
        verbose_name=_("personne"),
    )
    email_frequency = models.CharField(
        _("recevoir les notifications par e-mail"), max_length=20, choices=Frequency.choices,
        default=Frequency.IMMEDIATE,
    )
    updated_at = models.DateTimeField(_("modifiée le"), default=timezone.now)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self):
        return f"{self.user} — {self.get_email_frequency_display()}"


class PushSubscription(models.Model):
    """A browser (a phone, a computer) where the person asked to receive their notifications:
    the PushSubscription the browser gave, its push service's address and encryption keys."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions",
        verbose_name=_("personne"),
    )
    endpoint = models.URLField(_("adresse du service de notification"), max_length=1000,
                               unique=True)
    p256dh = models.CharField(_("clé publique du navigateur"), max_length=100)
    auth = models.CharField(_("secret d'authentification"), max_length=50)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("appareil abonné aux notifications")
        verbose_name_plural = _("appareils abonnés aux notifications")

    def __str__(self):
        return f"{self.user} — {self.created_at:%Y-%m-%d}"

    def as_subscription_info(self) -> dict:
        """The subscription as the browser gave it, the form `pywebpush` sends to."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
