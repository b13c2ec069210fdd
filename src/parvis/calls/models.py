"""Calls for projects: calls with weighted criteria, applications, jury scoring and decisions.

E.g. "Clic et Déclic": organisations apply before a deadline (Europe/Paris time), a jury
with at least one elected official scores each application on each criterion, the weighted
mean ranks them, and the decision (selected, amount, in-kind support) is published.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.files import RandomName, private_storage
from parvis.processes.models import Process, ProcessContainer


class Call(ProcessContainer):
    url_name = "calls:call"

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="calls", verbose_name=_("démarche")
    )
    description = models.TextField(_("présentation"), help_text=_("Markdown."))
    eligibility = models.TextField(_("qui peut candidater"), help_text=_("Markdown."))
    # Calendar (Europe/Paris; the deadline is to the minute)
    launched_at = models.DateTimeField(_("lancement"))
    deadline = models.DateTimeField(_("date limite de dépôt"))
    jury_at = models.DateField(_("jury"))
    decision_at = models.DateField(_("décision"))
    start_at = models.DateField(_("démarrage des projets"))
    evaluation_at = models.DateField(_("évaluation"))
    # Support
    min_amount = models.PositiveIntegerField(_("aide minimale (€)"), null=True, blank=True)
    max_amount = models.PositiveIntegerField(_("aide maximale (€)"), null=True, blank=True)
    in_kind_support = models.CharField(
        _("soutien en nature"), max_length=250, blank=True,
        help_text=_("Par exemple : 100 ordinateurs à reconditionner."),
    )
    score_max = models.PositiveSmallIntegerField(
        _("note maximale par critère"), default=5, help_text=_("Notes de 0 à ce maximum.")
    )
    is_published = models.BooleanField(_("publié"), default=False)
    laureates_published_at = models.DateTimeField(
        _("lauréats publiés le"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-launched_at", "-pk"]
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("launched_at")), name="call_deadline_after_launch"
            ),
            models.CheckConstraint(
                condition=Q(min_amount=None) | Q(max_amount=None)
                | Q(max_amount__gte=models.F("min_amount")),
                name="call_amounts_ordered",
            ),
        ]


class Criterion(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("appel")
    )
    name = models.CharField(_("critère"), max_length=150)
    description = models.TextField(_("ce qui est évalué"), blank=True)
    weight = models.PositiveSmallIntegerField(_("poids"), default=1)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["call", "position", "pk"]
        verbose_name = _("critère")
        verbose_name_plural = _("critères")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_gt_0"),
        ]

    def __str__(self):
        return f"{self.name} (×{self.weight})"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SUBMITTED = "submitted", _("déposée")
    INCOMPLETE = "incomplete", _("incomplète")
    ADMISSIBLE = "admissible", _("recevable")
    SELECTED = "selected", _("lauréate")
    NOT_SELECTED = "not_selected", _("non retenue")


class Application(models.Model):
    """An organisation's application; its contact person's account owns it."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("appel")
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="call_applications",
        verbose_name=_("contact"),
    )
    # The organisation
    organisation = models.CharField(_("structure"), max_length=200)
    organisation_kind = models.CharField(
        _("forme juridique"), max_length=100, help_text=_("Association, entreprise, commune…")
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    presentation = models.TextField(_("présentation de la structure"), blank=True)
    # The project
    title = models.CharField(_("titre du projet"), max_length=200)
    summary = models.CharField(_("résumé public"), max_length=500, blank=True)
    project = models.TextField(_("description du projet"), blank=True)
    target_public = models.TextField(_("public visé"), blank=True)
    beneficiaries = models.PositiveIntegerField(_("nombre de bénéficiaires visés"), null=True,
                                                blank=True)
    indicators = models.TextField(_("indicateurs d'évaluation"), blank=True)
    requested_amount = models.PositiveIntegerField(_("aide demandée (€)"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT, db_index=True,
    )
    completeness_note = models.TextField(_("pièces ou informations manquantes"), blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), default=timezone.now)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    reference = models.CharField(
        _("numéro de dossier"), max_length=20, unique=True, null=True, blank=True,
        editable=False,
    )

    class Meta:
        ordering = ["call", "submitted_at", "pk"]
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")

    def __str__(self):
        return f"{self.organisation} — {self.title}"


class BudgetLine(models.Model):
    """A line of the detailed budget: expenses and resources must balance."""

    class Kind(models.TextChoices):
        EXPENSE = "expense", _("dépense")
        RESOURCE = "resource", _("ressource")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines",
        verbose_name=_("candidature"),
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("poste"), max_length=200)
    amount = models.PositiveIntegerField(_("montant (€)"))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["application", "kind", "position", "pk"]
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")

    def __str__(self):
        return f"{self.label} : {self.amount} €"


class Partner(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="partners",
        verbose_name=_("candidature"),
    )
    name = models.CharField(_("partenaire"), max_length=200)
    role = models.CharField(_("rôle dans le projet"), max_length=250)
    letter = models.FileField(
        _("lettre d'intention (PDF)"), upload_to=RandomName("calls/letters/%Y"),
        storage=private_storage, blank=True
    )

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")

    def __str__(self):
        return self.name


class JuryMember(models.Model):
    """A juror assigned to a call; at least one elected official before scoring opens."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="jury", verbose_name=_("appel")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_seats",
        verbose_name=_("personne"),
    )
    is_elected_official = models.BooleanField(_("élu·e"), default=False)
    title = models.CharField(_("qualité"), max_length=150, blank=True,
                             help_text=_("Par exemple : adjointe au numérique, technicien."))
    assigned_at = models.DateTimeField(_("désigné·e le"), default=timezone.now)

    class Meta:
        ordering = ["call", "-is_elected_official", "pk"]
        verbose_name = _("membre du jury")
        verbose_name_plural = _("membres du jury")
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="jurymember_unique"),
        ]

    def __str__(self):
        return f"{self.call} — {self.user}"


class ConflictOfInterest(models.Model):
    """A juror's declaration about one application: a declared juror does not score it."""

    juror = models.ForeignKey(
        JuryMember, on_delete=models.CASCADE, related_name="conflicts",
        verbose_name=_("membre du jury"),
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="conflicts",
        verbose_name=_("candidature"),
    )
    has_conflict = models.BooleanField(_("conflit d'intérêts"))
    explanation = models.TextField(_("précisions"), blank=True)
    declared_at = models.DateTimeField(_("déclaré le"), default=timezone.now)

    class Meta:
        verbose_name = _("déclaration d'intérêts")
        verbose_name_plural = _("déclarations d'intérêts")
        constraints = [
            models.UniqueConstraint(fields=["juror", "application"], name="conflict_unique"),
        ]

    def __str__(self):
        return f"{self.juror} — {self.application}"


class Score(models.Model):
    juror = models.ForeignKey(
        JuryMember, on_delete=models.CASCADE, related_name="scores",
        verbose_name=_("membre du jury"),
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="scores",
        verbose_name=_("candidature"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("critère")
    )
    value = models.PositiveSmallIntegerField(_("note"))
    comment = models.TextField(_("commentaire"), blank=True)
    scored_at = models.DateTimeField(_("noté le"), default=timezone.now)

    class Meta:
        ordering = ["application", "criterion", "juror"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "application", "criterion"], name="score_unique"
            ),
        ]

    def __str__(self):
        return f"{self.application} — {self.criterion.name} : {self.value}"


class Decision(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision",
        verbose_name=_("candidature"),
    )
    selected = models.BooleanField(_("retenue"))
    amount = models.PositiveIntegerField(_("montant accordé (€)"), null=True, blank=True)
    in_kind = models.CharField(_("soutien en nature accordé"), max_length=250, blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    decided_at = models.DateTimeField(_("décidé le"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("décidé par"),
    )

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(selected=True) | Q(amount=None), name="decision_amount_if_selected"
            ),
        ]

    def __str__(self):
        return f"{self.application} — {_('retenue') if self.selected else _('non retenue')}"
