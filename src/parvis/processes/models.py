"""Participatory processes and their phases; every participation tool attaches to one."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core import modules
from parvis.core.files import RandomName
from parvis.core.models import Commune
from parvis.core.search import alphabetical_order


class Theme(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)

    class Meta:
        ordering = alphabetical_order("name")
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self):
        return self.name


class Action(models.TextChoices):
    """What people can do in a phase; each tool asks whether its action is open."""

    SUBMIT = "submit", _("proposer")
    SUPPORT = "support", _("soutenir")
    COMMENT = "comment", _("commenter")
    ANSWER = "answer", _("répondre à une consultation")
    REGISTER = "register", _("s'inscrire")
    VOTE = "vote", _("voter")
    APPLY = "apply", _("candidater")


def reserved_processes() -> models.Q:
    """The processes reserved by a module to a group of people (never public)."""
    reserved = models.Q(pk__in=[])
    for audience in modules.audiences():
        reserved |= audience.reserved()
    return reserved


class ProcessQuerySet(models.QuerySet):
    def published(self):
        """Published processes open to everyone. A process a module reserves to a group of
        people (a citizen panel's members' space, see `parvis.core.modules.Audience`) is never
        public: they reach it through `permissions.accessible_processes`."""
        return self.filter(is_published=True).exclude(reserved_processes())

    def with_dates(self):
        return self.annotate(
            starts_at=models.Min("phases__starts_at"), ends_at=models.Max("phases__ends_at")
        )

    def open_at(self, at):
        return self.with_dates().filter(starts_at__lte=at, ends_at__gt=at)

    def closed_at(self, at):
        return self.with_dates().filter(ends_at__lte=at)

    def upcoming_at(self, at):
        return self.with_dates().filter(starts_at__gt=at)


class Process(models.Model):
    """A participatory process, e.g. "Budget participatif 2027"."""

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=200, unique=True)
    summary = models.CharField(_("résumé"), max_length=300)
    description = models.TextField(_("description"))
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="processes",
        verbose_name=_("thème"),
    )
    communes = models.ManyToManyField(
        Commune,
        blank=True,
        related_name="processes",
        verbose_name=_("communes concernées"),
        help_text=_("Aucune : toute la métropole."),
    )
    image = models.ImageField(_("image"), upload_to=RandomName("processes"), blank=True)
    image_alt = models.CharField(_("texte alternatif de l'image"), max_length=200, blank=True)
    is_published = models.BooleanField(_("publiée"), default=False)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    objects = ProcessQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("démarche participative")
        verbose_name_plural = _("démarches participatives")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("processes:detail", args=[self.slug])

    def current_phase(self, at=None):
        at = at or timezone.now()
        for phase in self.phases.all():
            if phase.starts_at <= at < phase.ends_at:
                return phase
        return None

    def is_open_for(self, action: str, at=None) -> bool:
        """Whether a current phase opens `action` (the dates alone: `action_decision` says
        whether a given person may do it)."""
        return any(action in phase.actions and phase.is_current(at) for phase in self.phases.all())

    def status(self, at=None) -> str:
        """"upcoming", "open" or "closed", from the phases' dates."""
        at = at or timezone.now()
        phases = list(self.phases.all())
        if not phases:
            return "upcoming"
        if at < min(phase.starts_at for phase in phases):
            return "upcoming"
        if at >= max(phase.ends_at for phase in phases):
            return "closed"
        return "open"


class Phase(models.Model):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="phases", verbose_name=_("démarche")
    )
    title = models.CharField(_("titre"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    actions = models.JSONField(
        _("actions ouvertes"),
        default=list,
        blank=True,
        help_text=_("Ce que les personnes peuvent faire pendant cette phase."),
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="phase_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.process} — {self.title}"

    def is_current(self, at=None) -> bool:
        at = at or timezone.now()
        return self.starts_at <= at < self.ends_at

    def action_labels(self) -> list[str]:
        labels = dict(Action.choices)
        return [str(labels[action]) for action in self.actions if action in labels]


class ProcessContainer(models.Model):
    """What a tool offers within a process (an idea box, a budget, a call for projects, a
    panel, a consultation, an event): a title, an address and a creation date. Each tool adds
    the rest, its `process` included (the reverse name, and whether a container may stand
    outside any process, differ), and names the page of one container in `url_name`."""

    url_name = ""  # a URL name taking the container's slug, e.g. "ideas:box"

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("date de création"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(self.url_name, args=[self.slug])
