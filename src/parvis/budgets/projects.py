"""Domain rules of budget projects: submission by people, promotion of an idea, feasibility
review, merge and withdrawal. Every write on projects goes through here.

A project is submitted (by a person, or promoted from an idea by a manager), reviewed by the
budget's managers (technical and legal analyses stay internal; the decision, the reviewed
cost and its public reason are published) until the vote starts. The realisation of the
winners is followed by the realisations module (see `adoptions.py`).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.budgets.models import (
    PUBLIC_PROJECT_STATUSES,
    Budget,
    Project,
    ProjectStatus,
    SubBudget,
)
from parvis.budgets.permissions import can_manage_budget
from parvis.core import audit
from parvis.core.errors import DomainError
from parvis.core.formats import euros
from parvis.core.models import Commune
from parvis.core.permissions import can_moderate
from parvis.core.services import photos
from parvis.core.services.photos import HeldPhoto
from parvis.core.services.territory import locate
from parvis.ideas.models import Idea
from parvis.moderation.services import check_contribution
from parvis.notifications.services import notify
from parvis.processes.models import Action, Theme
from parvis.processes.services import Decision, action_decision

# A decision on a project is taken, and can be revised, until the vote starts.
REVIEWABLE_STATUSES = [ProjectStatus.SUBMITTED, ProjectStatus.REVIEWING,
                       ProjectStatus.ELIGIBLE, ProjectStatus.INELIGIBLE]
REVIEW_DECISIONS = [ProjectStatus.REVIEWING, ProjectStatus.ELIGIBLE, ProjectStatus.INELIGIBLE]
WITHDRAWABLE_STATUSES = [ProjectStatus.SUBMITTED, ProjectStatus.REVIEWING,
                         ProjectStatus.ELIGIBLE]
# A project may absorb a similar one while it can still be on the ballot.
MERGE_TARGET_STATUSES = [ProjectStatus.SUBMITTED, ProjectStatus.REVIEWING,
                         ProjectStatus.ELIGIBLE]


class ProjectError(DomainError):
    """An action on a project that cannot be done; `field` names the form field concerned."""


@dataclass
class Submission:
    """What a person writes when submitting a project."""

    title: str
    description: str
    sub_budget: SubBudget
    estimated_cost: int
    theme: Theme | None = None
    commune: Commune | None = None
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    image: bytes | HeldPhoto | None = None
    image_alt: str = ""


@dataclass
class Review:
    """The managers' feasibility review of a project."""

    status: str
    technical_analysis: str = ""
    legal_analysis: str = ""
    cost: int | None = None
    public_reason: str = ""


# Who may do what ---------------------------------------------------------------------


def submit_decision(user, budget: Budget) -> Decision:
    """May this person submit a project in this budget now? The reason, in French, when not."""
    return action_decision(budget.process, Action.SUBMIT, user, budget.submit_level)


def submittable_sub_budgets(budget: Budget, user) -> QuerySet[SubBudget]:
    """Where this person may submit: the metropolis-wide envelopes and their commune's."""
    area = Q(commune=None)
    if user.is_authenticated and user.commune_id:
        area |= Q(commune=user.commune_id)
    return budget.sub_budgets.filter(area).select_related("commune", "district")


def vote_started(budget: Budget, at=None) -> bool:
    """Has a phase opening the vote begun (or are results out)? Projects are then frozen."""
    at = at or timezone.now()
    return budget.results_published_at is not None or any(
        Action.VOTE in phase.actions and phase.starts_at <= at
        for phase in budget.process.phases.all()
    )


def can_view(user, project: Project) -> bool:
    """Public projects are public; their author, the budget's managers and the moderators
    of their commune also see them hidden by moderation."""
    if user.is_authenticated and user.pk == project.author_id:
        return True
    if project.status == ProjectStatus.DRAFT:
        return False
    public = (project.status in PUBLIC_PROJECT_STATUSES and not project.is_hidden
              and project.budget.process.is_published)
    return public or can_moderate(user, project.commune) or can_manage_budget(user,
                                                                              project.budget)


def can_withdraw(user, project: Project) -> bool:
    """The author withdraws their project until the vote starts."""
    return (user.is_authenticated and user.pk == project.author_id
            and project.status in WITHDRAWABLE_STATUSES and not vote_started(project.budget))


def comments_closed(project: Project) -> str:
    """Why commenting on this project is closed (the comments app asks), or "" when open."""
    if project.status in (ProjectStatus.WITHDRAWN, ProjectStatus.MERGED):
        return _("Ce projet n'est plus en discussion.")
    return ""


def require_manager(user, budget: Budget) -> None:
    if not can_manage_budget(user, budget):
        raise PermissionDenied(_("Seuls les gestionnaires de ce budget analysent ses projets."))


def is_reviewable(project: Project) -> bool:
    """A decision on a project is taken, and can be revised, until the vote starts."""
    return project.status in REVIEWABLE_STATUSES and not vote_started(project.budget)


def require_reviewable(project: Project) -> None:
    if not is_reviewable(project):
        raise ProjectError(_("Ce projet ne peut plus être analysé : le vote a commencé, ou il"
                             " a été retiré ou fusionné."))


# Checks shared by submission and promotion ------------------------------------------


def check_cost(budget: Budget, sub_budget: SubBudget, cost: int, field: str) -> None:
    if budget.max_project_cost is not None and cost > budget.max_project_cost:
        raise ProjectError(
            _("Le coût d'un projet ne peut pas dépasser %(max)s dans ce budget.")
            % {"max": euros(budget.max_project_cost)}, field=field,
        )
    if cost > sub_budget.amount:
        raise ProjectError(
            _("Le coût dépasse le montant de l'enveloppe « %(name)s » (%(amount)s).")
            % {"name": sub_budget.name, "amount": euros(sub_budget.amount)}, field=field,
        )


def resolve_commune(sub_budget: SubBudget, commune: Commune | None, latitude: float | None,
                    longitude: float | None) -> Commune | None:
    """The project's commune: the one chosen, else deduced from the point; a point outside
    the territory is refused, and a commune's envelope takes projects in that commune only."""
    located = None
    if latitude is not None and longitude is not None:
        located = locate(latitude, longitude)
        if located is None:
            raise ProjectError(_("Ce point est en dehors du territoire de la métropole."),
                               field="latitude")
    if sub_budget.commune_id is None:
        return commune or located
    for value, field in ((commune, "commune"), (located, "latitude")):
        if value is not None and value.pk != sub_budget.commune_id:
            raise ProjectError(
                _("L'enveloppe « %(name)s » finance des projets situés à %(commune)s"
                  " seulement.") % {"name": sub_budget.name, "commune": sub_budget.commune},
                field=field,
            )
    return sub_budget.commune


# Submission and withdrawal -----------------------------------------------------------


def submit(budget: Budget, author, submission: Submission) -> Project:
    decision = submit_decision(author, budget)
    if not decision:
        raise ProjectError(decision.reason)
    check_contribution(author, f"{submission.title}\n{submission.description}")
    sub_budget = submission.sub_budget
    if not submittable_sub_budgets(budget, author).filter(pk=sub_budget.pk).exists():
        raise ProjectError(_("Vous pouvez déposer un projet dans l'enveloppe métropolitaine ou"
                             " dans celle de votre commune seulement."), field="sub_budget")
    check_cost(budget, sub_budget, submission.estimated_cost, field="estimated_cost")
    commune = resolve_commune(sub_budget, submission.commune, submission.latitude,
                              submission.longitude)
    image_alt = submission.image_alt.strip()
    if submission.image and not image_alt:
        raise ProjectError(_("Décrivez l'image en quelques mots, pour les personnes qui ne la"
                             " voient pas."), field="image_alt")
    image = photos.held(submission.image, ProjectError, "image")
    project = Project(
        budget=budget, sub_budget=sub_budget, author=author, title=submission.title.strip(),
        description=submission.description.strip(), theme=submission.theme, commune=commune,
        address=submission.address.strip(), latitude=submission.latitude,
        longitude=submission.longitude, estimated_cost=submission.estimated_cost,
        status=ProjectStatus.SUBMITTED, submitted_at=timezone.now(),
    )
    with transaction.atomic():
        if image is not None:
            photos.attach(project, image)
            project.image_alt = image_alt
        project.save()
        photos.queue(project)
        audit.record(author, "budget_project.submitted", project, budget=budget.slug,
                     sub_budget=sub_budget.pk, estimated_cost=project.estimated_cost)
    return project


@transaction.atomic
def withdraw(project: Project, author) -> Project:
    if not can_withdraw(author, project):
        raise ProjectError(_("Ce projet ne peut plus être retiré : seul son porteur le peut,"
                             " avant l'ouverture du vote."))
    previous = project.status
    project.status = ProjectStatus.WITHDRAWN
    project.save(update_fields=["status"])
    audit.record(author, "budget_project.withdrawn", project, previous=previous)
    return project


# Promotion of an idea ----------------------------------------------------------------


def promotable_ideas(budget: Budget) -> QuerySet[Idea]:
    """Published ideas of the budget's process that are not yet one of its projects."""
    return (Idea.objects.listed().filter(box__process=budget.process)
            .exclude(budget_projects__budget=budget).order_by("title", "pk"))


@transaction.atomic
def promote_idea(budget: Budget, idea: Idea, actor, sub_budget: SubBudget,
                 estimated_cost: int) -> Project:
    """A manager turns an idea into a submitted project; its author becomes the project's
    author and is told."""
    require_manager(actor, budget)
    if not promotable_ideas(budget).filter(pk=idea.pk).exists():
        raise ProjectError(_("Choisissez une idée publiée de cette démarche qui n'est pas déjà"
                             " un projet de ce budget."), field="idea")
    if sub_budget.budget_id != budget.pk:
        raise ProjectError(_("Choisissez une enveloppe de ce budget."), field="sub_budget")
    check_cost(budget, sub_budget, estimated_cost, field="estimated_cost")
    commune = resolve_commune(sub_budget, idea.commune, idea.latitude, idea.longitude)
    project = Project.objects.create(
        budget=budget, sub_budget=sub_budget, author=idea.author, idea=idea, title=idea.title,
        description=idea.body, theme=idea.theme, commune=commune, latitude=idea.latitude,
        longitude=idea.longitude, estimated_cost=estimated_cost,
        status=ProjectStatus.SUBMITTED, submitted_at=timezone.now(),
    )
    audit.record(actor, "budget_project.promoted", project, idea=idea.pk,
                 sub_budget=sub_budget.pk, estimated_cost=estimated_cost)
    notify(idea.author, kind="project_decision", actor=actor, url=project.get_absolute_url(),
           subject=_("Votre idée « %(title)s » devient un projet du budget participatif")
           % {"title": idea.title},
           message=_("Votre idée est reprise comme projet du budget « %(budget)s », dans"
                     " l'enveloppe « %(sub_budget)s ». Elle va être analysée avant le vote.")
           % {"budget": budget.title, "sub_budget": sub_budget.name})
    return project


# Feasibility review and merge --------------------------------------------------------


def tell_author(project: Project, actor, message: str) -> None:
    status = project.get_status_display()
    notify(project.author, kind="project_decision", actor=actor, url=project.get_absolute_url(),
           message=message or _("Nouveau statut : %(status)s.") % {"status": status},
           subject=_("Votre projet « %(title)s » : %(status)s") % {"title": project.title,
                                                                   "status": status})


@transaction.atomic
def review(project: Project, actor, decision: Review) -> Project:
    """Record the analyses and the decision: in review, eligible (with the cost put to the
    vote) or ineligible; a decision needs its public reason. The author hears of a change."""
    require_manager(actor, project.budget)
    require_reviewable(project)
    if decision.status not in REVIEW_DECISIONS:
        raise ProjectError(_("Choisissez une décision proposée."), field="status")
    status = ProjectStatus(decision.status)
    reason = decision.public_reason.strip()
    if status != ProjectStatus.REVIEWING and not reason:
        raise ProjectError(_("Indiquez le motif de la décision : il est publié avec le statut"
                             " du projet."), field="public_reason")
    if status == ProjectStatus.ELIGIBLE and decision.cost is None:
        raise ProjectError(_("Indiquez le coût retenu : c'est celui soumis au vote."),
                           field="cost")
    if decision.cost is not None:
        check_cost(project.budget, project.sub_budget, decision.cost, field="cost")
    previous = project.status
    project.status = status
    project.technical_analysis = decision.technical_analysis.strip()
    project.legal_analysis = decision.legal_analysis.strip()
    project.cost = decision.cost
    project.public_reason = reason
    project.reviewed_by, project.reviewed_at = actor, timezone.now()
    project.save()
    audit.record(actor, "budget_project.reviewed", project, status=status, previous=previous,
                 cost=decision.cost)
    if status != previous:
        tell_author(project, actor, reason)
    return project


def merge_targets(project: Project) -> QuerySet[Project]:
    """The projects a project may be merged into: another one of its envelope, still able
    to reach the ballot."""
    return (Project.objects.filter(sub_budget=project.sub_budget, hidden_at=None,
                                   status__in=MERGE_TARGET_STATUSES)
            .exclude(pk=project.pk).order_by("title", "pk"))


@transaction.atomic
def merge(source: Project, target: Project, actor, reason: str) -> Project:
    """Fold `source` into a similar project of its envelope: it becomes a public pointer to
    `target` (so do the projects merged into it before); both authors are told."""
    require_manager(actor, source.budget)
    require_reviewable(source)
    if not merge_targets(source).filter(pk=target.pk).exists():
        raise ProjectError(_("Choisissez un autre projet de la même enveloppe, déposé, en"
                             " analyse ou recevable."), field="target")
    reason = reason.strip()
    if not reason:
        raise ProjectError(_("Indiquez pourquoi ces projets sont fusionnés : ce motif est"
                             " publié."), field="public_reason")
    Project.objects.filter(merged_into=source).update(merged_into=target)
    previous = source.status
    source.status, source.merged_into, source.public_reason = (ProjectStatus.MERGED, target,
                                                               reason)
    source.reviewed_by, source.reviewed_at = actor, timezone.now()
    source.save()
    audit.record(actor, "budget_project.merged", source, kept=target.pk, previous=previous)
    tell_author(source, actor, _("Votre projet rejoint le projet « %(title)s », qui lui est"
                                 " proche : %(reason)s") % {"title": target.title,
                                                           "reason": reason})
    if target.author_id != source.author_id:
        notify(target.author, kind="project_decision", actor=actor, url=target.get_absolute_url(),
               subject=_("Votre projet « %(title)s » reprend un projet proche")
               % {"title": target.title},
               message=_("Le projet « %(title)s » est fusionné avec le vôtre : %(reason)s")
               % {"title": source.title, "reason": reason})
    return target


# Budgets (back office) ---------------------------------------------------------------


def record_budget_saved(budget: Budget, actor, created: bool) -> None:
    """Audit a budget saved with its envelopes (the back office saves them together)."""
    audit.record(
        actor, "budget.created" if created else "budget.updated", budget, amount=budget.amount,
        ballot_format=budget.ballot_format, rule=budget.rule,
        sub_budgets={sub_budget.name: sub_budget.amount
                     for sub_budget in budget.sub_budgets.all()},
    )
