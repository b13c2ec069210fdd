"""Idea boxes: ideas proposed by people, their supports, followers and public answers."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.comments.models import Comment
from parvis.core.files import RandomName
from parvis.core.models import (
    Commune,
    PhotoProcessing,
    StatusChangeEntry,
    VerificationLevel,
    valid_point,
)
from parvis.moderation.models import Moderated
from parvis.processes.models import Process, ProcessContainer, Theme


class IdeaBox(ProcessContainer):
    """Where people propose ideas, within a process ("Budget participatif 2027")."""

    url_name = "ideas:box"

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="idea_boxes", verbose_name=_("démarche")
    )
    description = models.TextField(
        _("présentation"), blank=True, help_text=_("Markdown : ce qui est attendu, comment les"
                                                   " idées sont étudiées.")
    )
    support_level = models.PositiveSmallIntegerField(
        _("vérification demandée pour soutenir"),
        choices=VerificationLevel.choices,
        default=VerificationLevel.EMAIL,
    )
    support_threshold = models.PositiveIntegerField(
        _("seuil de soutiens"),
        default=50,
        help_text=_("Une idée qui atteint ce nombre de soutiens passe « à l'étude » et les"
                    " gestionnaires de la démarche sont prévenus. 0 : pas de seuil."),
    )
    edit_window_hours = models.PositiveIntegerField(
        _("délai de modification (heures)"),
        default=24,
        help_text=_("Pendant ce délai après publication, l'auteur peut modifier son idée."),
    )
    comments_open = models.BooleanField(_("commentaires ouverts"), default=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("boîte à idées")
        verbose_name_plural = _("boîtes à idées")


class Status(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    RECEIVED = "received", _("reçue")
    STUDYING = "studying", _("à l'étude")
    ACCEPTED = "accepted", _("retenue")
    REJECTED = "rejected", _("non retenue")
    DONE = "done", _("réalisée")
    WITHDRAWN = "withdrawn", _("retirée par son auteur")
    MERGED = "merged", _("fusionnée avec une autre idée")


# Listed and filtered publicly; a manager's answer moves an idea between these.
LISTED_STATUSES = [Status.RECEIVED, Status.STUDYING, Status.ACCEPTED, Status.REJECTED,
                   Status.DONE]
# Shown on their own page (withdrawn and merged ideas keep their address).
PUBLIC_STATUSES = [*LISTED_STATUSES, Status.WITHDRAWN, Status.MERGED]
SUPPORTABLE_STATUSES = [Status.RECEIVED, Status.STUDYING]


class IdeaQuerySet(models.QuerySet):
    def shown(self):
        """Ideas whose page may be opened by whoever may open their box: published, not
        hidden by moderation, in a published process (public or reserved to a panel)."""
        return self.filter(status__in=PUBLIC_STATUSES, hidden_at=None,
                           box__process__is_published=True)

    def public(self):
        """Ideas anyone may open: shown, in a process open to everyone."""
        return self.shown().filter(box__process__in=Process.objects.published())

    def listed(self):
        return self.public().filter(status__in=LISTED_STATUSES)

    def with_comment_count(self):
        visible = Q(comments__hidden_at=None, comments__deleted_at=None)
        return self.annotate(comment_count=models.Count("comments", filter=visible))


class Idea(PhotoProcessing, Moderated):
    photo_fields = ("image", "thumbnail")

    box = models.ForeignKey(
        IdeaBox, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("boîte à idées")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ideas",
        verbose_name=_("auteur"),
    )
    title = models.CharField(_("titre"), max_length=150)
    body = models.TextField(_("description"), max_length=10000)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="ideas",
        verbose_name=_("thème"),
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="ideas",
        verbose_name=_("commune"), help_text=_("Vide : toute la métropole."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    image = models.ImageField(_("image"), upload_to=RandomName("ideas/%Y/%m"), blank=True)
    thumbnail = models.ImageField(_("vignette"), upload_to=RandomName("ideas/%Y/%m"), blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    supports_count = models.PositiveIntegerField(_("soutiens"), default=0)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_ideas",
        verbose_name=_("fusionnée dans"),
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, db_index=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    edited_at = models.DateTimeField(_("modifiée le"), null=True, blank=True)
    comments = GenericRelation(Comment, related_query_name="idea")

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("idée")
        verbose_name_plural = _("idées")
        indexes = [
            models.Index(fields=["box", "status", "-published_at"]),
            models.Index(fields=["box", "-supports_count"]),
        ]
        constraints = [
            valid_point("idea_valid_point"),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="idea_merged_has_target",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ideas:detail", args=[self.pk])

    @property
    def public_author(self) -> str:
        return self.author.public_name

    @property
    def editable_until(self):
        if self.published_at is None:
            return None
        return self.published_at + timedelta(hours=self.box.edit_window_hours)

    @property
    def is_supportable(self) -> bool:
        return self.status in SUPPORTABLE_STATUSES and not self.is_hidden


class Support(models.Model):
    """One person's support of an idea; the database keeps it to one per person.

    `user` is emptied when the account is deleted: the support still counts, but no longer
    points to anyone."""

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="supports", verbose_name=_("idée")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="idea_supports", verbose_name=_("personne"),
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("soutien")
        verbose_name_plural = _("soutiens")
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="idea_support_once_per_person"),
        ]

    def __str__(self):
        return f"{self.idea} — {self.user or _('compte supprimé')}"


class Follower(models.Model):
    """Someone told of what happens to an idea: its author and its supporters."""

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="followers", verbose_name=_("idée")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_ideas",
        verbose_name=_("personne"),
    )
    created_at = models.DateTimeField(_("depuis le"), default=timezone.now)

    class Meta:
        verbose_name = _("abonné·e")
        verbose_name_plural = _("abonné·es")
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="idea_follower_once"),
        ]

    def __str__(self):
        return f"{self.idea} — {self.user}"


class StatusChange(StatusChangeEntry):
    """One step of an idea's public history, with its public message: the official answer
    of the process' managers, or what happened (threshold reached, merge). The answer is the
    institution's: its author stays private."""

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="history", verbose_name=_("idée")
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices)
    previous_status = models.CharField(max_length=20, choices=Status.choices, blank=True)

    class Meta(StatusChangeEntry.Meta):
        verbose_name_plural = _("changements de statut")

    def __str__(self):
        return f"{self.idea} — {self.get_status_display()}"
