"""Citizen panels: recruitment of volunteers, a verifiable draw under quotas, members.

The draw itself is a pure module (`sortition.py`); these models hold the panel, its quota
categories, the volunteers (personal data, kept for a limited time), the published draws and
the members.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.models import Commune
from parvis.processes.models import Process, ProcessContainer


class PanelStatus(models.TextChoices):
    DRAFT = "draft", _("en préparation")
    RECRUITING = "recruiting", _("appel à volontaires")
    DRAWING = "drawing", _("tirage au sort")
    ACTIVE = "active", _("en activité")
    CLOSED = "closed", _("terminé")


class Panel(ProcessContainer):
    """A panel of inhabitants drawn by lot, e.g. "100 pionniers de la participation"."""

    url_name = "panels:panel"

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="panels", verbose_name=_("démarche")
    )
    purpose = models.TextField(_("objet du panel"), help_text=_("Markdown."))
    size = models.PositiveIntegerField(_("nombre de membres"))
    starts_on = models.DateField(_("début du mandat"))
    ends_on = models.DateField(_("fin du mandat"))
    status = models.CharField(
        _("statut"), max_length=20, choices=PanelStatus.choices, default=PanelStatus.DRAFT,
        db_index=True,
    )
    # Recruitment
    recruitment_closes_at = models.DateTimeField(_("fin de l'appel à volontaires"))
    min_age = models.PositiveSmallIntegerField(_("âge minimal"), default=18)
    workers_eligible = models.BooleanField(
        _("ouvert aux personnes qui travaillent sur le territoire"), default=True,
        help_text=_("Sinon, seules les personnes qui y habitent peuvent se porter volontaires."),
    )
    consent_text = models.TextField(
        _("texte de consentement"),
        help_text=_("Ce que la personne accepte : traitement de son profil, durée de"
                    " conservation, publication anonymisée pour le tirage."),
    )
    consent_version = models.CharField(_("version du consentement"), max_length=20, default="1")
    # Members' space: the process whose consultations, debates, events and idea boxes are
    # reserved to the members.
    space_process = models.ForeignKey(
        Process, on_delete=models.SET_NULL, null=True, blank=True, related_name="member_panels",
        verbose_name=_("démarche réservée aux membres"),
    )
    evaluation_consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="evaluated_panels", verbose_name=_("questionnaire d'évaluation"),
    )
    inactivity_days = models.PositiveSmallIntegerField(
        _("alerte d'inactivité après (jours)"), default=30
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("panel citoyen")
        verbose_name_plural = _("panels citoyens")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="panel_size_gt_0"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="panel_ends_after_start"
            ),
        ]


class QuotaCategory(models.Model):
    """A profile question the quotas bear on ("Tranche d'âge", "Commune", "Genre"…)."""

    class Source(models.TextChoices):
        ASKED = "asked", _("demandée dans le formulaire")
        COMMUNE = "commune", _("commune de résidence (ou de travail)")
        AGE_BAND = "age_band", _("tranche d'âge, calculée de la date de naissance")

    panel = models.ForeignKey(
        Panel, on_delete=models.CASCADE, related_name="categories", verbose_name=_("panel")
    )
    name = models.CharField(_("nom"), max_length=100)
    key = models.SlugField(_("clé"), max_length=50)
    source = models.CharField(
        _("origine de la valeur"), max_length=20, choices=Source.choices, default=Source.ASKED
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["panel", "position", "pk"]
        verbose_name = _("catégorie de quotas")
        verbose_name_plural = _("catégories de quotas")
        constraints = [
            models.UniqueConstraint(fields=["panel", "key"], name="quotacategory_unique_key"),
        ]

    def __str__(self):
        return f"{self.panel} — {self.name}"


class QuotaValue(models.Model):
    """A value of a category with its quota: between `minimum` and `maximum` members.

    For an age band, `key` is "min-max" in years ("18-29", "65-"); for a commune, the commune's
    slug (the work commune for a volunteer who lives outside the territory).
    """

    category = models.ForeignKey(
        QuotaCategory, on_delete=models.CASCADE, related_name="values",
        verbose_name=_("catégorie"),
    )
    label = models.CharField(_("libellé"), max_length=100)
    key = models.SlugField(_("clé"), max_length=50)
    minimum = models.PositiveIntegerField(_("minimum"), default=0)
    maximum = models.PositiveIntegerField(_("maximum"))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["category", "position", "pk"]
        verbose_name = _("valeur et quota")
        verbose_name_plural = _("valeurs et quotas")
        constraints = [
            models.UniqueConstraint(fields=["category", "key"], name="quotavalue_unique_key"),
            models.CheckConstraint(
                condition=Q(maximum__gte=models.F("minimum")), name="quotavalue_max_gte_min"
            ),
        ]

    def __str__(self):
        return f"{self.category.name} : {self.label} ({self.minimum}–{self.maximum})"


class VolunteerStatus(models.TextChoices):
    ELIGIBLE = "eligible", _("éligible")
    INELIGIBLE = "ineligible", _("non éligible")
    SELECTED = "selected", _("tiré·e au sort")
    NOT_SELECTED = "not_selected", _("non tiré·e au sort")
    WITHDRAWN = "withdrawn", _("candidature retirée")


class Volunteer(models.Model):
    """A person who volunteered for a panel, with the profile the quotas bear on.

    Personal data: kept until the panel ends plus the retention period, then anonymised.
    `pool_id` is the random identifier under which the profile is published (anonymised
    pool) so that anyone can re-run the draw.
    """

    panel = models.ForeignKey(
        Panel, on_delete=models.CASCADE, related_name="volunteers", verbose_name=_("panel")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="panel_applications", verbose_name=_("personne"),
    )
    pool_id = models.CharField(_("identifiant public"), max_length=12, unique=True)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    home_commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("commune de résidence"), help_text=_("Vide : hors métropole."),
    )
    work_commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("commune de travail"),
    )
    # {category key: value key}, for every category of the panel.
    profile = models.JSONField(_("profil"), default=dict)
    status = models.CharField(
        _("statut"), max_length=20, choices=VolunteerStatus.choices,
        default=VolunteerStatus.ELIGIBLE, db_index=True,
    )
    ineligibility_reason = models.CharField(_("motif de non-éligibilité"), max_length=250,
                                            blank=True)
    consent_version = models.CharField(_("version du consentement acceptée"), max_length=20)
    consented_at = models.DateTimeField(_("consentement donné le"), default=timezone.now)
    created_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)

    class Meta:
        ordering = ["panel", "created_at", "pk"]
        verbose_name = _("volontaire")
        verbose_name_plural = _("volontaires")
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "user"], name="volunteer_one_per_person",
                condition=Q(user__isnull=False),
            ),
        ]

    def __str__(self):
        return self.pool_id


class DrawKind(models.TextChoices):
    INITIAL = "initial", _("tirage initial")
    REPLACEMENT = "replacement", _("tirage de remplacement")


class Draw(models.Model):
    """A draw: its seed is published (committed) before it runs, then its result.

    `pool` is the anonymised pool as drawn (pool ids and profiles), `result` the selected pool
    ids and each volunteer's selection probability; with the seed and the published pool
    anyone can re-run the draw and get the same panel.
    """

    panel = models.ForeignKey(
        Panel, on_delete=models.CASCADE, related_name="draws", verbose_name=_("panel")
    )
    kind = models.CharField(_("type"), max_length=20, choices=DrawKind.choices,
                            default=DrawKind.INITIAL)
    size = models.PositiveIntegerField(_("personnes à tirer"))
    algorithm = models.CharField(_("algorithme"), max_length=30)
    seed = models.CharField(_("graine"), max_length=64)
    seed_published_at = models.DateTimeField(_("graine publiée le"), default=timezone.now)
    pool = models.JSONField(_("vivier anonymisé"), default=list, blank=True)
    result = models.JSONField(_("résultat"), default=dict, blank=True)
    requested_at = models.DateTimeField(_("lancé le"), null=True, blank=True)
    performed_at = models.DateTimeField(_("effectué le"), null=True, blank=True)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("effectué par"),
    )

    class Meta:
        ordering = ["panel", "seed_published_at", "pk"]
        verbose_name = _("tirage au sort")
        verbose_name_plural = _("tirages au sort")

    def __str__(self):
        return f"{self.panel} — {self.get_kind_display()} ({self.seed_published_at:%d/%m/%Y})"


class Member(models.Model):
    """A volunteer drawn into the panel, until they withdraw or the panel ends."""

    panel = models.ForeignKey(
        Panel, on_delete=models.CASCADE, related_name="members", verbose_name=_("panel")
    )
    volunteer = models.OneToOneField(
        Volunteer, on_delete=models.PROTECT, related_name="member", verbose_name=_("volontaire")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="panel_memberships", verbose_name=_("personne"),
    )
    draw = models.ForeignKey(
        Draw, on_delete=models.PROTECT, related_name="members", verbose_name=_("tirage")
    )
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by",
        verbose_name=_("remplace"),
    )
    joined_at = models.DateTimeField(_("membre depuis"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("retrait le"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("motif du retrait"), max_length=250, blank=True)

    class Meta:
        ordering = ["panel", "joined_at", "pk"]
        verbose_name = _("membre")
        verbose_name_plural = _("membres")

    def __str__(self):
        return f"{self.panel} — {self.volunteer.pool_id}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
