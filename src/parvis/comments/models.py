"""Threaded comments on any object that opts in, and debates: a process' forum threads."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.moderation.models import Moderated
from parvis.processes.models import Process

# A top-level comment is at depth 0; replies go two levels down (1 and 2).
MAX_DEPTH = 2


class Comment(Moderated):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments",
        verbose_name=_("auteur"),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies",
        verbose_name=_("en réponse à"),
    )
    depth = models.PositiveSmallIntegerField(_("niveau"), default=0, editable=False)
    body = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("publié le"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("supprimé le"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(depth__lte=MAX_DEPTH), name="comment_depth_at_most_two"
            ),
        ]

    def __str__(self):
        return _("Commentaire n° %(number)s") % {"number": self.pk}

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def get_absolute_url(self):
        return f"{self.target.get_absolute_url()}#commentaire-{self.pk}"


class DebateQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(hidden_at__isnull=True)


class Debate(Moderated):
    """A forum thread of a process; people discuss it in its comments."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="debates", verbose_name=_("démarche")
    )
    title = models.CharField(_("titre"), max_length=150)
    body = models.TextField(_("message d'ouverture"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="debates",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(_("ouvert le"), default=timezone.now, db_index=True)
    comments = GenericRelation(Comment, related_query_name="debate")

    objects = DebateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("débat")
        verbose_name_plural = _("débats")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("debates:detail", args=[self.process.slug, self.pk])
