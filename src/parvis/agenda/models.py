"""Participation events (public meetings, workshops, walks), their documents and the
registrations of the people who come."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core import documents
from parvis.core.models import Commune
from parvis.processes.models import Process, ProcessContainer

MAX_SEATS = 5
DOCUMENT_EXTENSIONS = list(documents.KINDS)


def new_uid() -> str:
    """A globally unique iCalendar UID: `<uuid>@<host of the site>`."""
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"{uuid.uuid4()}@{host or 'parvis'}"


class EventQuerySet(models.QuerySet):
    def published(self):
        """Events open to everyone: published, outside any process or in a public one."""
        return self.filter(is_published=True).filter(
            Q(process__isnull=True) | Q(process__in=Process.objects.published())
        )

    def upcoming(self, at=None):
        return self.filter(ends_at__gt=at or timezone.now())

    def online(self):
        return self.exclude(online_url="")

    def on_site(self):
        return self.exclude(place_name="", address="")


class Event(ProcessContainer):
    url_name = "agenda:detail"

    purpose = models.TextField(_("objet de la concertation"), blank=True)
    summary = models.TextField(_("présentation"), blank=True)
    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, null=True, blank=True, related_name="events",
        verbose_name=_("démarche"),
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="events",
        verbose_name=_("commune"), help_text=_("Aucune : en ligne ou toute la métropole."),
    )
    place_name = models.CharField(_("lieu"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    accessibility = models.TextField(_("accessibilité"), blank=True)
    public_transport = models.TextField(
        _("transports en commun"), blank=True, help_text=_("Lignes et arrêts les plus proches.")
    )
    parking = models.TextField(_("stationnement"), blank=True)
    bike = models.TextField(_("à vélo"), blank=True)
    capacity = models.PositiveIntegerField(
        _("nombre de places"), null=True, blank=True, help_text=_("Vide : sans limite.")
    )
    registration_required = models.BooleanField(_("inscription obligatoire"), default=False)
    online_url = models.URLField(
        _("lien pour participer en ligne"), blank=True,
        help_text=_("Pour une réunion en ligne ou hybride."),
    )
    uid = models.CharField(
        _("identifiant iCalendar"), max_length=255, unique=True, default=new_uid,
        help_text=_("Stable : repris d'un agenda importé ou créé par la plateforme."),
    )
    sequence = models.PositiveIntegerField(_("version"), default=0, editable=False)
    is_published = models.BooleanField(_("publié"), default=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    @property
    def is_on_site(self) -> bool:
        return bool(self.place_name or self.address)

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def validate_document(file):
    """Size limit, and a content that is what the extension says (not only the name)."""
    limit = settings.AGENDA_DOCUMENT_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("Le document dépasse la taille maximale (%(limit)s)."),
            params={"limit": filesizeformat(limit)}, code="too_large",
        )
    extension = file.name.rsplit(".", 1)[-1].lower()
    if extension in DOCUMENT_EXTENSIONS and documents.kind(file) != extension:
        raise ValidationError(
            _("Le contenu du fichier ne correspond pas à un document %(kind)s."),
            params={"kind": extension.upper()}, code="wrong_type",
        )


class EventDocument(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="documents", verbose_name=_("événement")
    )
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(
        _("fichier"), upload_to="agenda/",
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_document],
        help_text=_("PDF, ODT ou DOCX."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("document joint")
        verbose_name_plural = _("documents joints")

    def __str__(self):
        return self.title

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].upper()


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("en attente de confirmation")
    CONFIRMED = "confirmed", _("inscrit·e")
    WAITING = "waiting", _("sur liste d'attente")
    CANCELLED = "cancelled", _("annulée")


class Registration(models.Model):
    """One person's seats at an event. Made without an account (or for an address the
    account has not confirmed), it is *pending* until the link e-mailed to the address is
    followed: only then does it take seats or a place on the waiting list."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations",
        verbose_name=_("événement"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="event_registrations", verbose_name=_("compte"),
    )
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"))
    seats = models.PositiveSmallIntegerField(
        _("nombre de places"), default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SEATS)],
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    created_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)
    email_confirmed_at = models.DateTimeField(
        _("adresse confirmée le"), null=True, blank=True,
        help_text=_("Vide tant que la personne n'a pas suivi le lien reçu par e-mail : une"
                    " inscription en attente de confirmation ne retient aucune place."),
    )
    promoted_at = models.DateTimeField(_("sorti·e de la liste d'attente le"), null=True,
                                       blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], condition=~Q(status="cancelled"),
                name="one_active_registration_per_email",
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1, seats__lte=MAX_SEATS), name="registration_seats_range"
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.event}"
