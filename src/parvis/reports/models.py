"""Issue reports ("signalements"): categories, routing to services, reports and their history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.files import RandomName
from parvis.core.models import (
    Commune,
    PhotoProcessing,
    Service,
    StatusChangeEntry,
    valid_point,
)

PUBLIC_DECIMALS = 3  # about 100 m: see `public_coordinate`


class Category(models.Model):
    """A kind of problem (Voirie, Éclairage…), optionally with sub-categories.

    Its slug is the Open311 service_code.
    """

    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("code"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("catégorie parente"),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    keywords = models.CharField(_("mots-clés"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("catégorie de signalement")
        verbose_name_plural = _("catégories de signalement")

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class CategoryAttribute(models.Model):
    """An extra question asked for a category (Open311 service definition attribute)."""

    class Datatype(models.TextChoices):
        STRING = "string", _("texte court")
        NUMBER = "number", _("nombre")
        DATETIME = "datetime", _("date et heure")
        TEXT = "text", _("texte long")
        SINGLE = "singlevaluelist", _("choix unique")
        MULTI = "multivaluelist", _("choix multiple")

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="attributes", verbose_name=_("catégorie")
    )
    code = models.SlugField(_("code"), max_length=50)
    description = models.CharField(_("question"), max_length=200)
    datatype = models.CharField(_("type"), max_length=20, choices=Datatype.choices)
    required = models.BooleanField(_("obligatoire"), default=False)
    values = models.JSONField(
        _("valeurs possibles"),
        default=list,
        blank=True,
        help_text=_('Pour les listes : [{"key": "petit", "name": "Petit"}, …]'),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question complémentaire")
        verbose_name_plural = _("questions complémentaires")
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="attribute_unique_code"),
        ]

    def __str__(self):
        return self.description


class RoutingRule(models.Model):
    """Category x commune -> service. The most specific rule wins; an empty category or
    commune matches any. The rule with neither is the fallback triage service."""

    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routing_rules",
        verbose_name=_("catégorie"),
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routing_rules",
        verbose_name=_("commune"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="routing_rules", verbose_name=_("service")
    )

    class Meta:
        verbose_name = _("règle d'aiguillage")
        verbose_name_plural = _("aiguillage des signalements")
        constraints = [
            models.UniqueConstraint(
                models.functions.Coalesce("category", models.Value(0)),
                models.functions.Coalesce("commune", models.Value(0)),
                name="routingrule_unique",
            ),
        ]

    def __str__(self):
        category = self.category or _("toute catégorie")
        commune = self.commune or _("toute commune")
        return f"{category} × {commune} → {self.service}"


class Status(models.TextChoices):
    NEW = "new", _("nouveau")
    ACKNOWLEDGED = "acknowledged", _("pris en compte")
    PLANNED = "planned", _("planifié")
    IN_PROGRESS = "in_progress", _("en cours")
    RESOLVED = "resolved", _("résolu")
    REJECTED = "rejected", _("rejeté")
    TRANSFERRED = "transferred", _("transféré")
    DUPLICATE = "duplicate", _("doublon")


OPEN_STATUSES = [Status.NEW, Status.ACKNOWLEDGED, Status.PLANNED, Status.IN_PROGRESS,
                 Status.TRANSFERRED]
CLOSED_STATUSES = [Status.RESOLVED, Status.REJECTED, Status.DUPLICATE]


class Report(PhotoProcessing):
    class Source(models.TextChoices):
        WEB = "web", _("site")
        OPEN311 = "open311", _("API Open311")
        AGENT = "agent", _("saisi par un agent")

    tracking_code = models.CharField(_("numéro de suivi"), max_length=12, unique=True)
    follow_token = models.CharField(max_length=64, unique=True, editable=False)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="reports", verbose_name=_("catégorie")
    )
    title = models.CharField(_("titre"), max_length=120)
    description = models.TextField(_("message"), max_length=5000)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="reports", verbose_name=_("commune")
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    photo = models.ImageField(_("photo"), upload_to=RandomName("reports/%Y/%m"), blank=True)
    thumbnail = models.ImageField(_("vignette"), upload_to=RandomName("reports/%Y/%m"), blank=True)
    attributes = models.JSONField(_("réponses complémentaires"), default=dict, blank=True)
    me_too_count = models.PositiveIntegerField(_("« moi aussi »"), default=0)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="reports", verbose_name=_("service")
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("doublon de"),
    )
    source = models.CharField(_("origine"), max_length=10, choices=Source.choices,
                              default=Source.WEB)
    # The reporter: an account, or contact details kept private (and purged after closure).
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("auteur"),
    )
    contact_email = models.EmailField(_("e-mail de suivi"), blank=True)
    contact_name = models.CharField(_("nom du contact"), max_length=150, blank=True)
    contact_phone = models.CharField(_("téléphone du contact"), max_length=30, blank=True)
    contact_purged_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("mis à jour le"), default=timezone.now)
    first_response_at = models.DateTimeField(_("première réponse le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        indexes = [
            models.Index(fields=["service", "status", "-created_at"]),
            models.Index(fields=["category", "status"]),
            models.Index(fields=["latitude", "longitude"]),
        ]
        constraints = [
            valid_point("report_valid_point"),
        ]

    def __str__(self):
        return f"{self.tracking_code} — {self.title}"

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.tracking_code])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def public_latitude(self) -> float | None:
        return public_coordinate(self.latitude)

    @property
    def public_longitude(self) -> float | None:
        return public_coordinate(self.longitude)


def public_coordinate(degrees: float | None) -> float | None:
    """The public location policy of reports: every public output (the report's page, the
    list, the map, the API, Open311, open data) gives its point to about 100 m (3 decimals)
    and never its author, so that a report made from home does not pinpoint the house nor
    the person; the reporter (follow-up page) and the agents see the exact point."""
    return round(degrees, PUBLIC_DECIMALS) if degrees is not None else None


class StatusChange(StatusChangeEntry):
    """One step of a report's public history (with an optional public message)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="history", verbose_name=_("signalement")
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices)
    previous_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )

    class Meta(StatusChangeEntry.Meta):
        verbose_name_plural = _("historique")

    def __str__(self):
        return f"{self.report.tracking_code}: {self.get_status_display()}"


class InternalNote(models.Model):
    """A note between agents; never shown publicly."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note interne"), max_length=5000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("note interne")
        verbose_name_plural = _("notes internes")

    def __str__(self):
        return f"{self.report.tracking_code}: {self.text[:40]}"


class Follower(models.Model):
    """Someone kept informed of a report: its reporter, or a "moi aussi"."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="followed_reports",
    )
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("personne qui suit")
        verbose_name_plural = _("personnes qui suivent")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "user"], condition=Q(user__isnull=False),
                name="follower_unique_user",
            ),
            models.UniqueConstraint(
                fields=["report", "email"], condition=Q(user__isnull=True),
                name="follower_unique_email",
            ),
        ]

    def __str__(self):
        return f"{self.report.tracking_code} ← {self.user or self.email}"
