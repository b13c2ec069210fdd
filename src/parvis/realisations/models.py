"""The realisation of what a participation adopted (a winning budget project, an idea
« retenue », a laureate of a call, a strategy commitment): its status, progress, budget,
service in charge, place and dated milestones.

A realisation is created from its source module's adopted item (`modules.adopted()`, see
`services.synchronise`), whose key it keeps; the rest is the realisation's own, kept up to
date by the agents of the service in charge and the process managers.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.files import RandomName
from parvis.core.models import Commune, PhotoProcessing, Service
from parvis.processes.models import Process


class Status(models.TextChoices):
    PLANNED = "planned", _("à lancer")
    IN_PROGRESS = "in_progress", _("en cours")
    DONE = "done", _("terminé")
    ABANDONED = "abandoned", _("abandonné")


class RealisationQuerySet(models.QuerySet):
    def with_milestones(self):
        """Annotated with `milestone_count` and the day of the `last_milestone`."""
        return self.annotate(milestone_count=models.Count("milestones"),
                             last_milestone=models.Max("milestones__on"))


class Realisation(models.Model):
    source_key = models.CharField(
        _("origine"), max_length=100, unique=True,
        help_text=_("Ce qui a été adopté, par exemple « budgets.project:42 »."))
    source = models.CharField(_("outil d'origine"), max_length=40, db_index=True)
    source_url = models.CharField(_("page d'origine"), max_length=300)
    title = models.CharField(_("titre"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    process = models.ForeignKey(
        Process, on_delete=models.SET_NULL, null=True, blank=True, related_name="realisations",
        verbose_name=_("démarche"))
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices,
                              default=Status.PLANNED, db_index=True)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    service = models.ForeignKey(
        Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="realisations",
        verbose_name=_("service chargé de la réalisation"))
    planned_amount = models.PositiveBigIntegerField(_("budget prévu (€)"), null=True,
                                                    blank=True)
    spent_amount = models.PositiveBigIntegerField(_("dépenses engagées (€)"), null=True,
                                                  blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="realisations",
        verbose_name=_("commune"), help_text=_("Vide : toute la métropole."))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("mise à jour le"), default=timezone.now)

    objects = RealisationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("réalisation")
        verbose_name_plural = _("réalisations")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100),
                                   name="realisation_progress_percent"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="realisation_point_complete"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("realisations:detail", args=[self.pk])

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Milestone(PhotoProcessing):
    """A dated step of a realisation, published with an optional photo (processed by a
    task, see `PhotoProcessing`); the people who supported or voted for the adopted item are
    told of it."""

    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE,
                                    related_name="milestones", verbose_name=_("réalisation"))
    on = models.DateField(_("date"))
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("texte"), blank=True, max_length=5000)
    photo = models.ImageField(_("photo"), upload_to=RandomName("realisations/%Y/%m"),
                              blank=True)
    thumbnail = models.ImageField(_("vignette"), upload_to=RandomName("realisations/%Y/%m"),
                                  blank=True)
    photo_alt = models.CharField(_("description de la photo"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("publiée le"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("publiée par"))

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")

    def __str__(self):
        return f"{self.realisation} — {self.on:%d/%m/%Y} {self.title}"
