"""Participatory budgets: budgets and sub-budgets, projects, ballots and published tallies.

The tally itself is pure Python (`tally.py`, `pabulib.py`); these models hold what people
submit and vote, and the results published from a tally run.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.comments.models import Comment
from parvis.core.files import RandomName
from parvis.core.models import Commune, District, PhotoProcessing, VerificationLevel
from parvis.moderation.models import Moderated
from parvis.processes.models import Process, ProcessContainer, Theme


class BallotFormat(models.TextChoices):
    APPROVAL = "approval", _("approbation (autant de projets que souhaité)")
    K_APPROVAL = "k_approval", _("approbation limitée (au plus k projets)")
    KNAPSACK = "knapsack", _("panier (coût total sélectionné dans la limite du budget)")
    CUMULATIVE = "cumulative", _("points à répartir")


class TallyRule(models.TextChoices):
    GREEDY = "greedy", _("au plus de voix (glouton)")
    EQUAL_SHARES = "equal-shares", _("méthode des parts égales")


# The lowest online vote level whose ballots carry the identity fingerprint, so that a
# person's online ballot and paper ballot are recognised as one (desk voting needs it).
DESK_VOTING_MIN_LEVEL = VerificationLevel.IN_PERSON


class Budget(ProcessContainer):
    """A participatory budget of a process, e.g. "Budget participatif 2027".

    The process's phases open the actions: `submit` (projects), `vote`. Projects are
    reviewed between them; results are published by a manager once the vote is closed.
    """

    url_name = "budgets:budget"

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("démarche")
    )
    description = models.TextField(_("présentation"), blank=True, help_text=_("Markdown."))
    amount = models.PositiveBigIntegerField(
        _("montant total (€)"),
        help_text=_("Réparti entre les enveloppes ; leur somme doit être égale à ce montant."),
    )
    # Submission
    submit_level = models.PositiveSmallIntegerField(
        _("vérification demandée pour déposer un projet"),
        choices=VerificationLevel.choices, default=VerificationLevel.EMAIL,
    )
    max_project_cost = models.PositiveBigIntegerField(
        _("coût maximal d'un projet (€)"), null=True, blank=True,
        help_text=_("Vide : pas d'autre limite que l'enveloppe du projet."),
    )
    # Vote
    ballot_format = models.CharField(
        _("format du bulletin"), max_length=20, choices=BallotFormat.choices,
        default=BallotFormat.KNAPSACK,
    )
    max_choices = models.PositiveSmallIntegerField(
        _("nombre maximal de projets (k)"), null=True, blank=True,
        help_text=_("Pour l'approbation limitée : au plus k projets par enveloppe."),
    )
    points = models.PositiveSmallIntegerField(
        _("points à répartir"), null=True, blank=True,
        help_text=_("Pour le vote par points : nombre de points par enveloppe."),
    )
    vote_level = models.PositiveSmallIntegerField(
        _("vérification demandée pour voter"),
        choices=VerificationLevel.choices, default=VerificationLevel.EMAIL,
    )
    min_age = models.PositiveSmallIntegerField(
        _("âge minimal pour voter"), null=True, blank=True,
        help_text=_("Vide : pas de condition d'âge."),
    )
    residents_only = models.BooleanField(
        _("réservé aux habitants"), default=True,
        help_text=_("Seules les personnes résidant dans une commune de la démarche votent."),
    )
    ballot_changeable = models.BooleanField(
        _("bulletin modifiable jusqu'à la clôture"), default=True
    )
    desk_voting = models.BooleanField(
        _("vote au guichet (bulletins papier)"), default=False,
        help_text=_("Pour garantir un seul bulletin par personne en ligne et au guichet, le"
                    " vote en ligne demande alors une vérification qui porte l'empreinte"
                    " d'identité (en personne ou par un fournisseur d'identité)."),
    )
    # Tally and publication
    rule = models.CharField(
        _("règle de dépouillement"), max_length=20, choices=TallyRule.choices,
        default=TallyRule.EQUAL_SHARES,
    )
    results_published_at = models.DateTimeField(
        _("résultats publiés le"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("budget participatif")
        verbose_name_plural = _("budgets participatifs")
        constraints = [
            models.CheckConstraint(
                condition=~Q(ballot_format="k_approval") | Q(max_choices__gt=0),
                name="budget_k_approval_has_k",
            ),
            models.CheckConstraint(
                condition=~Q(ballot_format="cumulative") | Q(points__gt=0),
                name="budget_cumulative_has_points",
            ),
            models.CheckConstraint(
                condition=Q(desk_voting=False)
                | Q(vote_level__gte=DESK_VOTING_MIN_LEVEL),
                name="budget_desk_voting_needs_fingerprint",
            ),
        ]


class SubBudget(models.Model):
    """An envelope of a budget: metropolis-wide (no commune), or for a commune or district.

    A voter votes in the sub-budget of their commune (and district) plus the metropolis-wide
    one; each sub-budget is tallied on its own, as pabulib publishes one file per unit.
    """

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="sub_budgets", verbose_name=_("budget")
    )
    name = models.CharField(_("nom"), max_length=150)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="sub_budgets",
        verbose_name=_("commune"), help_text=_("Vide : enveloppe métropolitaine."),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="sub_budgets",
        verbose_name=_("quartier"),
    )
    amount = models.PositiveBigIntegerField(_("montant (€)"))

    class Meta:
        ordering = ["budget", "commune__name", "district__name", "pk"]
        verbose_name = _("enveloppe")
        verbose_name_plural = _("enveloppes")
        constraints = [
            models.UniqueConstraint(
                "budget", models.functions.Coalesce("commune", models.Value(0)),
                models.functions.Coalesce("district", models.Value(0)),
                name="subbudget_unique_area",
            ),
            models.CheckConstraint(
                condition=Q(district=None) | Q(commune__isnull=False),
                name="subbudget_district_needs_commune",
            ),
        ]

    def __str__(self):
        return f"{self.budget} — {self.name}"


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SUBMITTED = "submitted", _("déposé")
    REVIEWING = "reviewing", _("en cours d'analyse")
    ELIGIBLE = "eligible", _("recevable")
    INELIGIBLE = "ineligible", _("non recevable")
    MERGED = "merged", _("fusionné avec un autre projet")
    WITHDRAWN = "withdrawn", _("retiré par son auteur")
    SELECTED = "selected", _("lauréat")
    NOT_SELECTED = "not_selected", _("non retenu au vote")


# Shown publicly (a merged or withdrawn project keeps its address).
PUBLIC_PROJECT_STATUSES = [
    ProjectStatus.SUBMITTED, ProjectStatus.REVIEWING, ProjectStatus.ELIGIBLE,
    ProjectStatus.INELIGIBLE, ProjectStatus.MERGED, ProjectStatus.WITHDRAWN,
    ProjectStatus.SELECTED, ProjectStatus.NOT_SELECTED,
]
# On the ballot.
VOTABLE_PROJECT_STATUSES = [ProjectStatus.ELIGIBLE]


class ProjectQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC_PROJECT_STATUSES, hidden_at=None,
                           budget__process__in=Process.objects.published())

    def votable(self):
        return self.filter(status__in=VOTABLE_PROJECT_STATUSES, hidden_at=None)


class Project(PhotoProcessing, Moderated):
    photo_fields = ("image", "thumbnail")

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="projects", verbose_name=_("budget")
    )
    sub_budget = models.ForeignKey(
        SubBudget, on_delete=models.PROTECT, related_name="projects",
        verbose_name=_("enveloppe"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="budget_projects", verbose_name=_("porteur ou porteuse"),
    )
    idea = models.ForeignKey(
        "ideas.Idea", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="budget_projects", verbose_name=_("idée d'origine"),
    )
    title = models.CharField(_("titre"), max_length=150)
    description = models.TextField(_("description"), max_length=10000)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="budget_projects",
        verbose_name=_("thème"),
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True,
        related_name="budget_projects", verbose_name=_("commune"),
    )
    address = models.CharField(_("lieu"), max_length=250, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    image = models.ImageField(_("image"), upload_to=RandomName("budgets/%Y/%m"), blank=True)
    thumbnail = models.ImageField(_("vignette"), upload_to=RandomName("budgets/%Y/%m"), blank=True)
    image_alt = models.CharField(_("texte alternatif de l'image"), max_length=200, blank=True)
    estimated_cost = models.PositiveBigIntegerField(_("coût estimé par le porteur (€)"))
    # Feasibility review (agents); the public reason is shown with the status.
    cost = models.PositiveBigIntegerField(
        _("coût retenu après analyse (€)"), null=True, blank=True,
        help_text=_("Le coût soumis au vote ; vide tant que l'analyse n'est pas terminée."),
    )
    technical_analysis = models.TextField(_("analyse technique"), blank=True)
    legal_analysis = models.TextField(_("analyse juridique"), blank=True)
    public_reason = models.TextField(
        _("motif public"), blank=True,
        help_text=_("Publié : pourquoi le projet est recevable ou non, ou a été fusionné."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("analysé par"),
    )
    reviewed_at = models.DateTimeField(_("analysé le"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_projects",
        verbose_name=_("fusionné dans"),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=ProjectStatus.choices,
        default=ProjectStatus.DRAFT, db_index=True,
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    submitted_at = models.DateTimeField(_("déposé le"), null=True, blank=True)

    comments = GenericRelation(Comment)
    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["budget", "title", "pk"]
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="project_merged_has_target",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("budgets:project", args=[self.budget.slug, self.pk])

    @property
    def vote_cost(self) -> int:
        """The cost on the ballot: the reviewed cost, else the estimate."""
        return self.cost if self.cost is not None else self.estimated_cost


class Channel(models.TextChoices):
    ONLINE = "online", _("en ligne")
    DESK = "desk", _("au guichet (bulletin papier)")


class DeskSession(models.Model):
    """A help desk's voting session: opened by an agent (or helper) at a place, closed by
    them; above BUDGETS_DESK_CONFIRMATION_THRESHOLD ballots, a second agent confirms the
    count against the paper ballots. Every paper ballot is recorded in an open session."""

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="desk_sessions", verbose_name=_("budget")
    )
    place = models.CharField(_("guichet"), max_length=150,
                             help_text=_("Le lieu, par exemple « Mairie de Bègles, accueil »."))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("ouverte par"),
    )
    opened_at = models.DateTimeField(_("ouverte le"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("fermée par"),
    )
    closed_at = models.DateTimeField(_("fermée le"), null=True, blank=True)
    needs_confirmation = models.BooleanField(_("confirmation demandée"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("confirmée par"),
    )
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)

    class Meta:
        ordering = ["budget", "opened_at", "pk"]
        verbose_name = _("session de guichet")
        verbose_name_plural = _("sessions de guichet")
        constraints = [
            models.UniqueConstraint(fields=["budget", "opened_by"],
                                    condition=Q(closed_at__isnull=True),
                                    name="desksession_one_open_per_agent"),
            models.CheckConstraint(condition=Q(confirmed_by__isnull=True)
                                   | ~Q(confirmed_by=models.F("opened_by")),
                                   name="desksession_confirmed_by_another_agent"),
        ]

    def __str__(self):
        return f"{self.budget} — {self.place} ({self.opened_at:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def awaiting_confirmation(self) -> bool:
        return self.closed_at is not None and self.needs_confirmation and not self.confirmed_at


class Ballot(models.Model):
    """One person's ballot in a budget, across every sub-budget they vote in.

    One ballot per person and budget, across channels, is enforced by the database: by
    account (`voter`) and by verified identity (`identity_hash`, the salted fingerprint a
    strong or in-person verification gives; a desk ballot always carries it).
    """

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("budget")
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="ballots", verbose_name=_("votant·e"),
    )
    # NULL, not "": ballots without a verified identity must not collide in the constraint.
    identity_hash = models.CharField(  # noqa: DJ001
        _("empreinte d'identité"), max_length=64, null=True, blank=True, editable=False
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("commune du votant"),
    )
    channel = models.CharField(
        _("canal"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("saisi par"),
    )
    desk_session = models.ForeignKey(
        DeskSession, on_delete=models.PROTECT, null=True, blank=True, related_name="ballots",
        verbose_name=_("session de guichet"),
    )
    receipt_code = models.CharField(_("code de reçu"), max_length=20, unique=True)
    cast_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)

    class Meta:
        ordering = ["budget", "cast_at", "pk"]
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            models.UniqueConstraint(fields=["budget", "voter"], name="ballot_one_per_account"),
            models.UniqueConstraint(
                fields=["budget", "identity_hash"], name="ballot_one_per_identity"
            ),
            models.CheckConstraint(
                condition=Q(voter__isnull=False) | Q(identity_hash__isnull=False),
                name="ballot_has_voter",
            ),
        ]

    def __str__(self):
        return f"{self.budget} — {self.receipt_code}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="choices", verbose_name=_("bulletin")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="ballot_choices",
        verbose_name=_("projet"),
    )
    points = models.PositiveSmallIntegerField(_("points"), default=1)

    class Meta:
        ordering = ["ballot", "project"]
        verbose_name = _("choix")
        verbose_name_plural = _("choix")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="ballotchoice_unique"),
            models.CheckConstraint(condition=Q(points__gt=0), name="ballotchoice_points_gt_0"),
        ]

    def __str__(self):
        return f"{self.ballot} — {self.project}"


class TallyResult(models.Model):
    """The stored outcome of tallying one sub-budget (`tally.TallyResult` as JSON).

    The results and explanations pages read it; it is recomputed from the ballots, never
    edited. In the published ballots, a voter's id is the position of their ballot in the
    budget's ballots ordered by receipt code (random): nothing links it to an account.
    """

    sub_budget = models.OneToOneField(
        SubBudget, on_delete=models.CASCADE, related_name="tally", verbose_name=_("enveloppe")
    )
    rule = models.CharField(_("règle"), max_length=20, choices=TallyRule.choices)
    result = models.JSONField(_("résultat"))
    ballot_count = models.PositiveIntegerField(_("bulletins"))
    computed_at = models.DateTimeField(_("calculé le"), default=timezone.now)

    class Meta:
        verbose_name = _("dépouillement")
        verbose_name_plural = _("dépouillements")

    def __str__(self):
        return f"{self.sub_budget} — {self.get_rule_display()}"
