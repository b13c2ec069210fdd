"""Equipment lent to panel members: the inventory of devices and their history, loans,
incidents, and the loan conventions (templates and their acceptance).

The history (`DeviceEvent`) holds no personal data: it stays when loans are anonymised,
so that lifetime and refurbishment indicators can always be computed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.files import RandomName, private_storage
from parvis.lending import conventions
from parvis.panels.models import Member, Panel


class DeviceKind(models.TextChoices):
    TABLET = "tablet", _("tablette")
    PC = "pc", _("ordinateur")
    PHONE = "phone", _("téléphone")


class DeviceState(models.TextChoices):
    NEW = "new", _("neuf")
    GOOD = "good", _("bon état")
    WORN = "worn", _("usé")
    BROKEN = "broken", _("en panne ou cassé")
    RETIRED = "retired", _("retiré du prêt")


LENDABLE_STATES = [DeviceState.NEW, DeviceState.GOOD, DeviceState.WORN]


class Acquisition(models.TextChoices):
    PURCHASE = "purchase", _("achat")
    REFURBISHMENT = "refurbishment", _("reconditionnement")


class Device(models.Model):
    kind = models.CharField(_("type"), max_length=20, choices=DeviceKind.choices)
    os = models.CharField(_("système d'exploitation"), max_length=60)
    model = models.CharField(_("modèle"), max_length=100)
    serial_number = models.CharField(
        _("numéro de série"), max_length=100, unique=True,
        error_messages={"unique": _("Un appareil de l'inventaire porte déjà ce numéro de série.")},
    )
    accessories = models.CharField(
        _("accessoires"), max_length=250, blank=True,
        help_text=_("Par exemple : chargeur, housse, stylet."),
    )
    state = models.CharField(_("état"), max_length=20, choices=DeviceState.choices,
                             default=DeviceState.NEW, db_index=True)
    acquisition = models.CharField(_("provenance"), max_length=20, choices=Acquisition.choices)
    acquired_on = models.DateField(_("date d'achat ou de reconditionnement"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("inscrit à l'inventaire le"), default=timezone.now)

    class Meta:
        ordering = ["kind", "model", "serial_number"]
        verbose_name = _("appareil")
        verbose_name_plural = _("appareils")

    def __str__(self):
        return f"{self.model} ({self.serial_number})"

    def get_absolute_url(self):
        return reverse("lending:device", args=[self.pk])

    @property
    def is_lendable(self) -> bool:
        return self.state in LENDABLE_STATES


class LoanStatus(models.TextChoices):
    PREPARED = "prepared", _("à remettre")
    HANDED_OVER = "handed_over", _("remis")
    RETURNED = "returned", _("rendu")
    CLOSED = "closed", _("clos sans retour")
    CANCELLED = "cancelled", _("annulé")


OPEN_LOAN_STATUSES = [LoanStatus.PREPARED, LoanStatus.HANDED_OVER]


class Loan(models.Model):
    """A device lent to a panel member. `borrower` is the member's account when the loan
    was prepared: the person who accepts the convention and sees the loan in "Mes prêts",
    whatever becomes of the panel's own records. `member` and `borrower` are removed when
    the loan is anonymised (retention, account deletion); `panel` stays, so that its
    organisers keep the record."""

    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="loans",
                               verbose_name=_("appareil"))
    panel = models.ForeignKey(Panel, on_delete=models.SET_NULL, null=True,
                              related_name="loans", verbose_name=_("panel"))
    member = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="loans", verbose_name=_("membre"))
    borrower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="loans",
                                 verbose_name=_("emprunteur·se"))
    status = models.CharField(_("statut"), max_length=20, choices=LoanStatus.choices,
                              default=LoanStatus.PREPARED, db_index=True)
    starts_on = models.DateField(_("début du prêt"))
    planned_end_on = models.DateField(_("fin prévue"))
    accessories = models.CharField(_("accessoires remis"), max_length=250, blank=True)
    state_at_start = models.CharField(_("état à la remise"), max_length=20,
                                      choices=DeviceState.choices)
    handed_over_at = models.DateTimeField(_("remis le"), null=True, blank=True)
    ended_on = models.DateField(_("rendu ou clos le"), null=True, blank=True)
    state_at_return = models.CharField(_("état au retour"), max_length=20, blank=True,
                                       choices=DeviceState.choices)
    return_notes = models.TextField(_("remarques au retour"), blank=True)
    reminded_for = models.DateField(
        _("rappel envoyé pour la fin prévue du"), null=True, blank=True,
        help_text=_("Un rappel par date de fin prévue : prolonger le prêt en permet un autre."),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("créé par"))
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("prêt")
        verbose_name_plural = _("prêts")
        constraints = [
            models.UniqueConstraint(
                fields=["device"], condition=Q(status__in=OPEN_LOAN_STATUSES),
                name="loan_one_open_per_device",
            ),
            models.CheckConstraint(condition=Q(planned_end_on__gte=models.F("starts_on")),
                                   name="loan_planned_end_after_start"),
        ]

    def __str__(self):
        return _("Prêt n° %(number)s — %(device)s") % {"number": self.pk, "device": self.device}

    def get_absolute_url(self):
        return reverse("lending:loan", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return (self.status == LoanStatus.HANDED_OVER
                and self.planned_end_on < timezone.localdate())


class IncidentKind(models.TextChoices):
    BROKEN = "broken", _("casse ou panne")
    LOST = "lost", _("perte")
    STOLEN = "stolen", _("vol")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("ouvert")
    IN_PROGRESS = "in_progress", _("en cours de traitement")
    CLOSED = "closed", _("clos")


class Incident(models.Model):
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="incidents",
                               verbose_name=_("appareil"))
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="incidents", verbose_name=_("prêt"))
    kind = models.CharField(_("type d'incident"), max_length=20, choices=IncidentKind.choices)
    description = models.TextField(_("description"))
    occurred_on = models.DateField(_("survenu le"))
    declared_at = models.DateTimeField(_("déclaré le"), default=timezone.now)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("déclaré par"))
    declared_by_member = models.BooleanField(_("déclaré par le membre"), default=False)
    status = models.CharField(_("suivi"), max_length=20, choices=IncidentStatus.choices,
                              default=IncidentStatus.OPEN, db_index=True)
    actions = models.TextField(_("actions menées"), blank=True)
    replacement_loan = models.OneToOneField(
        Loan, on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces_incident",
        verbose_name=_("prêt de remplacement"),
    )
    updated_at = models.DateTimeField(_("mis à jour le"), default=timezone.now)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)

    class Meta:
        ordering = ["-declared_at", "-pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self):
        return _("Incident n° %(number)s — %(kind)s") % {"number": self.pk,
                                                          "kind": self.get_kind_display()}

    def get_absolute_url(self):
        return reverse("lending:incident", args=[self.pk])


class DeviceEvent(models.Model):
    """One line of a device's history, written by the services; no personal data."""

    class Kind(models.TextChoices):
        ADDED = "added", _("inscription à l'inventaire")
        STATE_CHANGED = "state_changed", _("changement d'état")
        LOAN_STARTED = "loan_started", _("remise à un membre")
        LOAN_ENDED = "loan_ended", _("fin du prêt")
        INCIDENT = "incident", _("incident déclaré")
        INCIDENT_CLOSED = "incident_closed", _("incident clos")

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="events",
                               verbose_name=_("appareil"))
    kind = models.CharField(_("événement"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    state = models.CharField(_("état après l'événement"), max_length=20,
                             choices=DeviceState.choices)
    loan = models.ForeignKey(Loan, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("prêt"))
    incident = models.ForeignKey(Incident, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("incident"))
    note = models.CharField(_("note"), max_length=250, blank=True)
    recorded_at = models.DateTimeField(_("enregistré le"), default=timezone.now)

    class Meta:
        ordering = ["device", "pk"]
        verbose_name = _("événement d'un appareil")
        verbose_name_plural = _("historique des appareils")

    def __str__(self):
        return f"{self.device} — {self.get_kind_display()} ({self.on:%d/%m/%Y})"


def validate_convention_body(body: str) -> None:
    try:
        unknown = conventions.unknown_placeholders(body)
    except conventions.MalformedTemplate:
        raise ValidationError(
            _("Une accolade n'est pas fermée ou n'a pas été ouverte. Pour écrire une accolade"
              " dans le texte, doublez-la : « {{ » ou « }} »."), code="malformed",
        ) from None
    if unknown:
        raise ValidationError(
            _("Variable inconnue : %(unknown)s. Variables possibles : %(allowed)s."),
            code="unknown_placeholder",
            params={"unknown": ", ".join(unknown),
                    "allowed": ", ".join(f"{{{name}}}" for name in conventions.PLACEHOLDERS)},
        )


class ConventionTemplate(models.Model):
    """The text of the loan convention; the most recent template is the current one.

    A template that has been accepted is never changed: a new version is added instead."""

    title = models.CharField(_("titre"), max_length=150)
    version = models.CharField(
        _("version"), max_length=20, unique=True,
        error_messages={"unique": _("Cette version existe déjà : donnez un nouveau numéro.")},
    )
    body = models.TextField(
        _("texte"), validators=[validate_convention_body],
        help_text=_("Variables remplacées pour chaque prêt : {member} (nom du membre),"
                    " {pseudonym}, {device}, {serial}, {accessories}, {start}, {end},"
                    " {panel}."),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]
        verbose_name = _("modèle de convention")
        verbose_name_plural = _("modèles de convention")

    def __str__(self):
        return f"{self.title} (v{self.version})"


class ConventionAcceptance(models.Model):
    """The convention of a loan as accepted: online by the member, or signed on paper and
    recorded by an organiser. The text and the PDF name the member: they are removed when
    the loan is anonymised, the fingerprint and the version stay."""

    class Method(models.TextChoices):
        ONLINE = "online", _("acceptée en ligne")
        PAPER = "paper", _("signée sur papier")

    loan = models.OneToOneField(Loan, on_delete=models.CASCADE, related_name="convention",
                                verbose_name=_("prêt"))
    template = models.ForeignKey(ConventionTemplate, on_delete=models.PROTECT,
                                 related_name="acceptances", verbose_name=_("modèle"))
    version = models.CharField(_("version"), max_length=20)
    text = models.TextField(_("texte accepté"), blank=True)
    text_hash = models.CharField(_("empreinte SHA-256 du texte"), max_length=64)
    method = models.CharField(_("mode"), max_length=20, choices=Method.choices)
    accepted_at = models.DateTimeField(_("enregistrée le"), default=timezone.now)
    signed_on = models.DateField(_("signée sur papier le"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("acceptée par"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("enregistrée par"))
    pdf = models.FileField(_("copie PDF"), upload_to=RandomName("lending/conventions"),
                           storage=private_storage, blank=True)

    class Meta:
        verbose_name = _("convention acceptée")
        verbose_name_plural = _("conventions acceptées")

    def __str__(self):
        return f"{self.loan} — v{self.version}"
