"""The responsible-digital strategy: axes, commitments, indicators and their measurements.

A measurement is never changed: correcting a value adds a new measurement for the same day,
which replaces the previous one on the dashboard; the history keeps every value, who
recorded it and how (entered, imported from a CSV file, computed by Parvis).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.indicators import progress


class Axis(models.Model):
    number = models.PositiveSmallIntegerField(_("numéro"), unique=True)
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("axe de la stratégie")
        verbose_name_plural = _("axes de la stratégie")

    def __str__(self):
        return _("Axe %(number)s : %(title)s") % {"number": self.number, "title": self.title}

    def get_absolute_url(self):
        return reverse("indicators:axis", args=[self.slug])


class Commitment(models.Model):
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="commitments",
                             verbose_name=_("axe"))
    number = models.PositiveSmallIntegerField(_("numéro dans l'axe"))
    title = models.CharField(_("engagement"), max_length=250)

    class Meta:
        ordering = ["axis__number", "number"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [models.UniqueConstraint(fields=["axis", "number"],
                                               name="commitment_number_per_axis")]

    def __str__(self):
        return f"{self.axis.number}.{self.number} {self.title}"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("mensuelle")
    QUARTERLY = "quarterly", _("trimestrielle")
    YEARLY = "yearly", _("annuelle")


class Direction(models.TextChoices):
    INCREASE = progress.INCREASE, _("à augmenter")
    DECREASE = progress.DECREASE, _("à réduire")


class Indicator(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE,
                                   related_name="indicators", verbose_name=_("engagement"))
    code = models.SlugField(
        _("code"), max_length=60, unique=True,
        help_text=_("Identifiant court, utilisé dans l'adresse et dans les fichiers CSV."),
    )
    name = models.CharField(_("indicateur"), max_length=250)
    unit = models.CharField(_("unité"), max_length=40,
                            help_text=_("Par exemple : personnes, %, t CO2e, années."))
    direction = models.CharField(_("sens"), max_length=10, choices=Direction.choices,
                                 default=Direction.INCREASE)
    baseline = models.DecimalField(_("valeur de référence"), max_digits=14, decimal_places=2)
    baseline_on = models.DateField(_("date de la valeur de référence"))
    target = models.DecimalField(_("cible"), max_digits=14, decimal_places=2)
    target_on = models.DateField(_("échéance de la cible"))
    source = models.CharField(_("source des données"), max_length=250)
    owner_service = models.CharField(_("service pilote"), max_length=150)
    method = models.TextField(_("méthode de calcul"))
    frequency = models.CharField(_("fréquence de mise à jour"), max_length=10,
                                 choices=Frequency.choices, default=Frequency.YEARLY)
    measure = models.CharField(
        _("mesure calculée par Parvis"), max_length=100, blank=True,
        help_text=_("Laisser vide pour une valeur saisie ou importée."),
    )

    class Meta:
        ordering = ["commitment__axis__number", "commitment__number", "code"]
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        constraints = [models.CheckConstraint(
            condition=models.Q(target_on__gt=models.F("baseline_on")),
            name="indicator_target_after_baseline")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("indicators:indicator", args=[self.code])

    def clean(self):
        if self.baseline_on and self.target_on and self.target_on <= self.baseline_on:
            raise ValidationError({"target_on": _("L'échéance de la cible doit suivre la date"
                                                  " de la valeur de référence.")})

    @property
    def plan(self) -> progress.Plan:
        return progress.Plan(self.baseline, self.baseline_on, self.target, self.target_on,
                             self.direction)


class Origin(models.TextChoices):
    ENTERED = "entered", _("saisie")
    IMPORTED = "imported", _("import CSV")
    COMPUTED = "computed", _("calculée par Parvis")


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE,
                                  related_name="measurements", verbose_name=_("indicateur"))
    on = models.DateField(_("date de la valeur"))
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2)
    origin = models.CharField(_("origine"), max_length=10, choices=Origin.choices)
    note = models.CharField(_("note"), max_length=250, blank=True)
    recorded_at = models.DateTimeField(_("enregistrée le"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("enregistrée par"))

    class Meta:
        ordering = ["indicator", "on", "recorded_at", "pk"]
        verbose_name = _("mesure")
        verbose_name_plural = _("mesures")
        indexes = [models.Index(fields=["indicator", "on"])]

    def __str__(self):
        return f"{self.indicator.code} {self.on:%d/%m/%Y} : {self.value}"
