"""Consultations: questionnaires with sections and typed questions, and people's responses.

Answer values (``Answer.value``, JSON) by question type:

- single: ``{"choice": <Choice pk>}`` or ``{"other": "<text>"}`` ("autre, précisez");
- multiple: ``{"choices": [<Choice pk>, ...], "other": "<text>"}`` (``other`` may be absent);
- ranking: ``[<Choice pk>, ...]``, first ranked first (every choice need not be ranked);
- scale: an integer between ``settings["min"]`` and ``settings["max"]``;
- yes_no: ``true`` or ``false``;
- short_text, long_text: a string;
- number: a number (int or float) within ``settings["min"]``/``settings["max"]`` if given;
- date: ``"YYYY-MM-DD"``;
- matrix: a list aligned with ``settings["rows"]``, each an integer of the scale or ``null``;
- map_point: ``{"lat": <float>, "lon": <float>}``.

Question settings (``Question.settings``, JSON): ``min``/``max`` (scale, matrix columns:
required; number: optional), ``min_label``/``max_label`` (scale and matrix end labels),
``min_choices``/``max_choices`` (multiple), ``rows`` (matrix: list of strings).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.consultations.question_types import QuestionType
from parvis.consultations.validation import question_errors
from parvis.core.models import VerificationLevel
from parvis.processes.models import Process, ProcessContainer


class Audience(models.TextChoices):
    ANYONE = "anyone", _("tout le monde, sans compte")
    SIGNED_IN = "signed_in", _("les personnes connectées")
    VERIFIED = "verified", _("les personnes vérifiées (niveau minimal)")
    PANEL = "panel", _("un panel")


class ResultsVisibility(models.TextChoices):
    LIVE = "live", _("en direct")
    AFTER_CLOSING = "after_closing", _("après la clôture")
    AGENTS_ONLY = "agents_only", _("agents seulement")


class ConsultationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open_at(self, at):
        return self.published().filter(opens_at__lte=at, closes_at__gt=at)


class Consultation(ProcessContainer):
    url_name = "consultations:answer"

    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("démarche"),
    )
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    audience = models.CharField(
        _("qui peut répondre"), max_length=20, choices=Audience.choices, default=Audience.ANYONE
    )
    required_level = models.PositiveSmallIntegerField(
        _("niveau de vérification minimal"),
        choices=VerificationLevel.choices,
        default=VerificationLevel.NONE,
        help_text=_("Pour le public « personnes vérifiées »."),
    )
    panel = models.ForeignKey(
        "panels.Panel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("panel"),
        help_text=_("Pour le public « un panel » : seuls ses membres actifs répondent."),
    )
    results_visibility = models.CharField(
        _("visibilité des résultats"),
        max_length=20,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.AFTER_CLOSING,
    )
    allow_changes = models.BooleanField(
        _("réponses modifiables jusqu'à la clôture"), default=False
    )
    is_published = models.BooleanField(_("publiée"), default=False)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
            ),
        ]

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("La clôture doit suivre l'ouverture.")})
        if self.audience == Audience.VERIFIED and self.required_level == VerificationLevel.NONE:
            raise ValidationError(
                {"required_level": _("Choisissez le niveau de vérification demandé.")}
            )
        if self.audience == Audience.PANEL and self.panel_id is None:
            raise ValidationError({"panel": _("Choisissez le panel dont les membres répondent.")})

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at

    def is_closed(self, at=None) -> bool:
        return (at or timezone.now()) >= self.closes_at

    @property
    def is_identified(self) -> bool:
        """Whether respondents are signed in (one response per account)."""
        return self.audience != Audience.ANYONE


class Section(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("consultation"),
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return f"{self.consultation} — {self.title}"


class Question(models.Model):
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    label = models.CharField(_("intitulé"), max_length=300)
    help_text = models.CharField(_("aide"), max_length=500, blank=True)
    required = models.BooleanField(_("obligatoire"), default=False)
    order = models.PositiveIntegerField(_("ordre"), default=0)
    settings = models.JSONField(
        _("réglages"),
        default=dict,
        blank=True,
        help_text=_(
            "Échelle et grille : min, max, min_label, max_label ; grille : rows (liste) ; "
            "nombre : min, max ; choix multiples : min_choices, max_choices."
        ),
    )
    has_other = models.BooleanField(_("« autre, précisez »"), default=False)
    show_if_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependent_questions",
        verbose_name=_("afficher si la question"),
    )
    show_if_values = models.JSONField(
        _("a pour réponse l'une de"),
        default=list,
        blank=True,
        help_text=_("Intitulés des choix (ou « Oui » / « Non »), en liste JSON."),
    )

    class Meta:
        ordering = ["section__order", "section_id", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.label

    @property
    def consultation(self):
        return self.section.consultation

    def clean(self):
        errors = question_errors(self)
        if errors:
            raise ValidationError(errors)


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    label = models.CharField(_("intitulé"), max_length=200)
    order = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("choix")
        verbose_name_plural = _("choix")

    def __str__(self):
        return self.label


class Site(models.Model):
    """A place where the consultation is also run (a QR code points to it)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="sites", verbose_name=_("consultation")
    )
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=200)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "slug"], name="unique_site_slug"),
        ]

    def __str__(self):
        return self.name


class Response(models.Model):
    """One person's (or one device's) response; a draft is the same row until submitted."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("consultation"),
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_responses",
        verbose_name=_("répondant·e"),
    )
    device_token = models.CharField(_("jeton d'appareil"), max_length=64, blank=True)
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("site"),
    )
    is_draft = models.BooleanField(_("brouillon"), default=False)
    is_anonymous_audience = models.BooleanField(_("public sans compte"), default=False)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), default=timezone.now)
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "respondent"],
                condition=Q(respondent__isnull=False),
                name="one_response_per_person",
            ),
        ]
        indexes = [models.Index(fields=["consultation", "device_token"])]

    def __str__(self):
        return f"{self.consultation} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("réponse")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    value = models.JSONField(_("valeur"))
    published_at = models.DateTimeField(
        _("texte publié le"),
        null=True,
        blank=True,
        help_text=_("Réponses libres : publiées après modération."),
    )
    rejected_at = models.DateTimeField(
        _("texte écarté le"),
        null=True,
        blank=True,
        help_text=_("Réponses libres : écartées par la modération, jamais publiées."),
    )

    class Meta:
        ordering = ["question__order", "pk"]
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.value}"
