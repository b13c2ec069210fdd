"""Moderation of contributions: hidden content, flags, decisions, appeals, the charter."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.models import Commune
from parvis.processes.models import Process


class Moderated(models.Model):
    """Mixin for every contribution that can be moderated (ideas, comments…).

    A hidden contribution stays in the database (for appeals and the audit trail) but is
    left out of public listings, the API and exports (`.filter(hidden_at=None)`); where it
    must keep its place (a thread of comments), `moderation_placeholder` is shown instead.
    """

    hidden_at = models.DateTimeField(_("masqué le"), null=True, blank=True, editable=False)
    hidden_reason = models.TextField(_("motif de masquage"), blank=True, editable=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def moderation_placeholder(self) -> str:
        """The public text shown in place of a hidden contribution."""
        return _("Contribution masquée par la modération : %(reason)s") % {
            "reason": self.hidden_reason
        }


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam ou publicité")
    INSULTING = "insulting", _("Propos injurieux, haineux ou irrespectueux")
    PERSONAL_DATA = "personal_data", _("Données personnelles d'autrui")
    OFF_TOPIC = "off_topic", _("Hors sujet")
    OTHER = "other", _("Autre motif")


class ModeratedItem(models.Model):
    """One contribution under moderation: its flags, decisions and appeal hang on it.

    `commune` and `process` are copied from the registry when the item is flagged, so the
    queue can be scoped and the public counts computed in the database.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("auteur"),
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("commune"),
    )
    process = models.ForeignKey(
        Process, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("démarche"),
    )
    hidden_at = models.DateTimeField(_("masquée le"), null=True, blank=True)
    queued_at = models.DateTimeField(
        _("en attente depuis"), null=True, blank=True,
        help_text=_("Date du dernier signalement ou recours."),
    )

    class Meta:
        ordering = ["-queued_at", "-id"]
        verbose_name = _("contribution modérée")
        verbose_name_plural = _("contributions modérées")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="moderated_item_unique_object"
            ),
        ]

    def __str__(self):
        return f"{self.content_type.name} #{self.object_id}"


class Flag(models.Model):
    item = models.ForeignKey(
        ModeratedItem, on_delete=models.CASCADE, related_name="flags",
        verbose_name=_("contribution"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("signalé par"),
    )
    reason = models.CharField(_("motif"), max_length=20, choices=FlagReason.choices)
    details = models.TextField(_("précisions"), blank=True)
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now)
    closed_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        constraints = [
            models.UniqueConstraint(fields=["item", "reporter"], name="flag_one_per_person"),
        ]

    def __str__(self):
        return f"{self.item} — {self.get_reason_display()}"


class Decision(models.Model):
    class Action(models.TextChoices):
        HIDE = "hide", _("masquée")
        DISMISS = "dismiss", _("signalements rejetés")
        RESTORE = "restore", _("rétablie")
        UPHOLD = "uphold", _("masquage confirmé après recours")

    item = models.ForeignKey(
        ModeratedItem, on_delete=models.CASCADE, related_name="decisions",
        verbose_name=_("contribution"),
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("modérateur ou modératrice"),
    )
    action = models.CharField(_("décision"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("motif"), blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("décision de modération")
        verbose_name_plural = _("décisions de modération")

    def __str__(self):
        return f"{self.item} — {self.get_action_display()}"


class Appeal(models.Model):
    """The author's one appeal against the hiding of their contribution."""

    item = models.OneToOneField(
        ModeratedItem, on_delete=models.CASCADE, related_name="appeal",
        verbose_name=_("contribution"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("auteur"),
    )
    text = models.TextField(_("argumentaire"))
    created_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    decided_at = models.DateTimeField(_("tranché le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("recours")
        verbose_name_plural = _("recours")

    def __str__(self):
        return f"{_('Recours')} — {self.item}"


class CharterAcceptance(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="charter_acceptances",
        verbose_name=_("personne"),
    )
    version = models.CharField(_("version de la charte"), max_length=20)
    accepted_at = models.DateTimeField(_("acceptée le"), default=timezone.now)

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("acceptation de la charte")
        verbose_name_plural = _("acceptations de la charte")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version"], name="charter_acceptance_once_per_version"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.version}"
