"""The IT equipment inventory and the emission factors its footprint is computed with."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.footprint import calculation


class Category(models.TextChoices):
    LAPTOP = calculation.LAPTOP, _("ordinateur portable")
    DESKTOP = calculation.DESKTOP, _("ordinateur fixe")
    SCREEN = calculation.SCREEN, _("écran")
    SMARTPHONE = calculation.SMARTPHONE, _("smartphone")
    TABLET = calculation.TABLET, _("tablette")


class Outcome(models.TextChoices):
    REUSE = calculation.REUSE, _("réemploi")
    REFURBISHMENT = calculation.REFURBISHMENT, _("reconditionnement")
    RECYCLING = calculation.RECYCLING, _("recyclage")


class EmissionFactor(models.Model):
    """The kg CO2e of a category's equipment, as a published database gives them; the most
    recently published factor of a category is the one used."""

    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices)
    manufacture_kg = models.DecimalField(_("fabrication (kg CO2e)"), max_digits=9,
                                         decimal_places=2)
    refurbished_kg = models.DecimalField(_("appareil reconditionné (kg CO2e)"), max_digits=9,
                                         decimal_places=2)
    use_kg_per_year = models.DecimalField(_("usage (kg CO2e par an)"), max_digits=9,
                                          decimal_places=2)
    source = models.CharField(_("source"), max_length=250)
    version = models.CharField(_("version"), max_length=40)
    published_on = models.DateField(_("publiée le"))

    class Meta:
        ordering = ["category", "-published_on"]
        verbose_name = _("facteur d'émission")
        verbose_name_plural = _("facteurs d'émission")
        constraints = [
            models.UniqueConstraint(fields=["category", "version"],
                                    name="emission_factor_one_per_version"),
            models.CheckConstraint(
                condition=Q(manufacture_kg__gt=0, refurbished_kg__gte=0, use_kg_per_year__gte=0),
                name="emission_factor_positive"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} ({self.version})"

    def as_factor(self) -> calculation.Factor:
        return calculation.Factor(self.manufacture_kg, self.refurbished_kg, self.use_kg_per_year)


class Equipment(models.Model):
    reference = models.CharField(
        _("référence"), max_length=60, unique=True,
        help_text=_("Numéro d'inventaire de la gestion de parc."),
        error_messages={"unique": _("Un équipement de l'inventaire porte déjà cette référence.")},
    )
    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices)
    model = models.CharField(_("modèle"), max_length=100, blank=True)
    acquired_on = models.DateField(_("date d'achat"))
    refurbished = models.BooleanField(_("acheté reconditionné"), default=False)
    retired_on = models.DateField(_("date de retrait"), null=True, blank=True)
    outcome = models.CharField(_("devenir"), max_length=20, choices=Outcome.choices, blank=True)
    working = models.BooleanField(_("en état de marche au retrait"), default=True)
    updated_at = models.DateTimeField(_("mis à jour le"), default=timezone.now)

    class Meta:
        ordering = ["category", "reference"]
        verbose_name = _("équipement informatique")
        verbose_name_plural = _("équipements informatiques")
        constraints = [models.CheckConstraint(
            condition=Q(retired_on__isnull=True) | Q(retired_on__gte=models.F("acquired_on")),
            name="equipment_retired_after_purchase")]

    def __str__(self):
        return f"{self.reference} — {self.get_category_display()}"

    def clean(self):
        if self.retired_on and self.acquired_on and self.retired_on < self.acquired_on:
            raise ValidationError({"retired_on": _("Le retrait ne peut précéder l'achat.")})
        if self.outcome and not self.retired_on:
            raise ValidationError({"outcome": _("Un devenir se renseigne avec la date de"
                                                " retrait.")})
