"""The jury of a call for projects: composition, declarations of interests and scores.

Scoring opens once the submission deadline has passed and the jury counts at least one
elected official. It closes at the end of the decision day (`Call.decision_at`, Europe/Paris):
scores are then frozen, and so are an application's scores once its decision is recorded.
Until then a juror's scores are a draft they may change. A juror declares their interests
for each application before scoring it; a declared conflict removes their scores on it, so
they never count in its aggregation.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.calls import scoring
from parvis.calls.applications import paris_moment
from parvis.calls.models import (
    Application,
    ApplicationStatus,
    Call,
    ConflictOfInterest,
    Criterion,
    JuryMember,
    Score,
)
from parvis.core import audit
from parvis.core.errors import DomainError
from parvis.core.formats import date_format
from parvis.core.models import Role, User
from parvis.core.permissions import has_role
from parvis.core.services.roles import grant_role
from parvis.notifications.models import FOLLOWED_UPDATE
from parvis.notifications.services import notify
from parvis.processes.services import Decision as Verdict

# The applications the jury reads and scores (decided ones stay readable).
JURY_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.ADMISSIBLE,
                 ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED)


class JuryError(DomainError):
    """An action of the jury that cannot be done; the message is for the person, `field`
    names the form field concerned."""


def require(verdict: Verdict) -> None:
    if not verdict:
        raise JuryError(verdict.reason)


def jury_applications(call: Call) -> QuerySet[Application]:
    return call.applications.filter(status__in=JURY_STATUSES).order_by("submitted_at", "pk")


# Opening and closing ---------------------------------------------------------------------


def jury_gate(call: Call, now=None) -> Verdict:
    """May the jury work on this call (score, and organisers decide)? Deadline and elected
    official; the end of scoring is checked apart since decisions may come later."""
    now = now or timezone.now()
    if now < call.deadline:
        return Verdict(False, _("Le jury ne peut pas noter avant la date limite de dépôt, le %s"
                                " (heure de Paris).") % paris_moment(call.deadline))
    if not call.jury.filter(is_elected_official=True).exists():
        return Verdict(False, _("La notation ne peut pas ouvrir : le jury doit compter au moins"
                                " un·e élu·e. Ajoutez un·e élu·e à la composition du jury."))
    return Verdict(True)


def scoring_gate(call: Call, now=None) -> Verdict:
    now = now or timezone.now()
    if timezone.localdate(now) > call.decision_at:
        return Verdict(False, _("La notation est close depuis la date de décision (%s) : les"
                                " notes sont figées.") % date_format(call.decision_at, "j F Y"))
    return jury_gate(call, now)


def application_gate(application: Application, now=None) -> Verdict:
    """May the jury still declare interests and score this application?"""
    if application.status not in JURY_STATUSES:
        return Verdict(False, _("Cette candidature n'est pas soumise au jury."))
    if hasattr(application, "decision"):
        return Verdict(False, _("La décision sur cette candidature est enregistrée : les notes"
                                " sont figées."))
    return scoring_gate(application.call, now)


def scoring_decision(juror: JuryMember, application: Application, now=None) -> Verdict:
    """May this juror score this application now?"""
    verdict = application_gate(application, now)
    if not verdict:
        return verdict
    return declaration_verdict(juror.conflicts.filter(application=application).first())


def declaration_verdict(declaration: ConflictOfInterest | None) -> Verdict:
    """Does a juror's declaration of interests on an application (or its absence) let them
    score it?"""
    if declaration is None:
        return Verdict(False, _("Déclarez d'abord vos éventuels liens d'intérêts avec cette"
                                " candidature."))
    if declaration.has_conflict:
        return Verdict(False, _("Vous avez déclaré un conflit d'intérêts : vous ne notez pas"
                                " cette candidature."))
    return Verdict(True)


# Composition -----------------------------------------------------------------------------


def find_account(email: str) -> User:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True,
                               deleted_at__isnull=True).first()
    if user is None:
        raise JuryError(_("Aucun compte actif n'a cette adresse e-mail : la personne doit"
                          " d'abord créer son compte."))
    return user


@transaction.atomic
def assign_juror(actor, call: Call, user: User, *, is_elected_official: bool,
                 title: str = "") -> JuryMember:
    """Seat `user` on the jury; they get the jury member role if they lack it."""
    try:
        with transaction.atomic():
            juror = JuryMember.objects.create(call=call, user=user, title=title,
                                              is_elected_official=is_elected_official)
    except IntegrityError as exc:
        raise JuryError(_("Cette personne fait déjà partie du jury.")) from exc
    if not has_role(user, Role.JURY_MEMBER):
        grant_role(actor, user, Role.JURY_MEMBER)
    audit.record(actor, "calls.juror_assigned", call, juror=user.pk,
                 is_elected_official=is_elected_official, title=title)
    notify(user, kind=FOLLOWED_UPDATE, actor=actor,
           subject=_("Vous êtes membre du jury : %s") % call.title,
           message=_("Vous siégez au jury de l'appel à projets « %s ». Votre espace de juré·e"
                     " rassemble les candidatures à lire et à noter.") % call.title,
           url=reverse("calls:jury", args=[call.slug]))
    return juror


@transaction.atomic
def remove_juror(actor, juror: JuryMember) -> None:
    """Only a juror who has neither declared interests nor scored may leave the jury, so that
    every score stays traceable to its juror."""
    if juror.conflicts.exists() or juror.scores.exists():
        raise JuryError(_("%s a déjà déclaré ses intérêts ou noté : ce membre reste dans le jury"
                          " pour que ses notes restent traçables.") % juror.user)
    audit.record(actor, "calls.juror_removed", juror.call, juror=juror.user_id)
    juror.delete()


# Declarations and scores -----------------------------------------------------------------


@transaction.atomic
def declare_interests(juror: JuryMember, application: Application, *, has_conflict: bool,
                      explanation: str = "", now=None) -> ConflictOfInterest:
    require(application_gate(application, now))
    if application.contact_id == juror.user_id and not has_conflict:
        raise JuryError(_("Vous êtes le contact de cette candidature : déclarez un conflit"
                          " d'intérêts."), field="conflict")
    declaration, _created = ConflictOfInterest.objects.update_or_create(
        juror=juror, application=application,
        defaults={"has_conflict": has_conflict, "explanation": explanation,
                  "declared_at": now or timezone.now()},
    )
    removed = 0
    if has_conflict:
        removed, _kinds = Score.objects.filter(juror=juror, application=application).delete()
    audit.record(juror.user, "calls.interests_declared", application,
                 actor_role=Role.JURY_MEMBER, has_conflict=has_conflict, scores_removed=removed)
    return declaration


@transaction.atomic
def save_scores(juror: JuryMember, application: Application,
                entries: dict[int, tuple[int | None, str]], now=None) -> int:
    """Save a juror's draft: `entries` maps criterion ids to (score or None, comment); a
    criterion left without a score has no score. Returns the number of scores kept."""
    require(scoring_decision(juror, application, now))
    call = application.call
    criteria = {criterion.pk: criterion for criterion in call.criteria.all()}
    for criterion_id, (value, _comment) in entries.items():
        if criterion_id not in criteria:
            raise JuryError(_("Ce critère n'appartient pas à cet appel."))
        if value is not None and not 0 <= value <= call.score_max:
            raise JuryError(_("Chaque note va de 0 à %d.") % call.score_max,
                            field=f"score_{criterion_id}")
    for criterion_id, (value, comment) in entries.items():
        existing = Score.objects.filter(juror=juror, application=application,
                                        criterion_id=criterion_id)
        if value is None:
            existing.delete()
        else:
            Score.objects.update_or_create(
                juror=juror, application=application, criterion_id=criterion_id,
                defaults={"value": value, "comment": comment, "scored_at": now or timezone.now()},
            )
    kept = Score.objects.filter(juror=juror, application=application).count()
    audit.record(juror.user, "calls.scores_saved", application, actor_role=Role.JURY_MEMBER,
                 scores=kept, criteria=len(criteria))
    return kept


# Reading ---------------------------------------------------------------------------------


def jury_seats(user) -> QuerySet[JuryMember]:
    """This person's seats on the juries of calls still being scored, with the number of
    applications before the jury and of those they scored."""
    return JuryMember.objects.filter(
        user=user, call__decision_at__gte=timezone.localdate()
    ).select_related("call").annotate(
        before_jury=Count("call__applications", distinct=True,
                          filter=Q(call__applications__status__in=JURY_STATUSES)),
        scored=Count("scores__application", distinct=True),
    ).order_by("call__decision_at", "pk")


def juror_space(juror: JuryMember) -> QuerySet[Application]:
    """The jury's applications with this juror's declaration and number of scores."""
    return jury_applications(juror.call).select_related("decision").prefetch_related(
        Prefetch("conflicts", ConflictOfInterest.objects.filter(juror=juror),
                 to_attr="declarations")
    ).annotate(my_scores=Count("scores", filter=Q(scores__juror=juror)))


def as_float(value) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class Entry:
    """One juror's score on one criterion, as the organisers read it."""

    juror: str
    score: Score
    is_outlier: bool


@dataclass(frozen=True)
class Cell:
    criterion: Criterion
    summary: scoring.CriterionSummary
    entries: list[Entry]

    @property
    def mean(self) -> float | None:
        return as_float(self.summary.mean)


@dataclass(frozen=True)
class Row:
    application: Application
    result: scoring.ApplicationResult
    cells: list[Cell]
    missing: list[str]  # what is still missing, juror by juror
    tied_with: list[Application]

    @property
    def weighted_mean(self) -> float | None:
        return as_float(self.result.weighted_mean)


@dataclass(frozen=True)
class Deliberation:
    criteria: list[Criterion]
    rows: list[Row]
    labels: dict[int, str]


def deliberation(call: Call) -> Deliberation:
    """Every application's aggregated scores, ranked, with what is still missing.

    A fixed number of queries whatever the number of applications, jurors and scores."""
    criteria = list(call.criteria.all())
    applications = {a.pk: a for a in jury_applications(call).select_related("decision")}
    jurors = list(call.jury.order_by("pk"))
    # Anonymous labels in the order jurors were seated, stable over the call.
    labels = {juror.pk: _("Juré·e %d") % number for number, juror in enumerate(jurors, 1)}
    declarations = {(c.juror_id, c.application_id): c.has_conflict for c in
                    ConflictOfInterest.objects.filter(application__in=applications)}
    counted = [score for score in Score.objects.filter(application__in=applications)
               .order_by("juror") if declarations.get((score.juror_id, score.application_id))
               is False]
    marks = {pk: [] for pk in applications}
    for score in counted:
        marks[score.application_id].append(
            scoring.Mark(score.juror_id, score.criterion_id, score.value))
    results = scoring.aggregate(
        [scoring.Criterion(c.pk, c.weight) for c in criteria], marks, call.score_max)
    by_cell = {}
    for score in counted:
        by_cell.setdefault((score.application_id, score.criterion_id), []).append(score)
    rows = []
    for result in results:
        cells = []
        for criterion, summary in zip(criteria, result.criteria, strict=True):
            outliers = {mark.juror for mark in summary.outliers}
            cells.append(Cell(criterion, summary, [
                Entry(labels[score.juror_id], score, score.juror_id in outliers)
                for score in by_cell.get((result.application, criterion.pk), [])]))
        rows.append(Row(
            applications[result.application], result, cells,
            missing_scores(result.application, jurors, labels, declarations, cells),
            [applications[pk] for pk in result.tied_with],
        ))
    return Deliberation(criteria, rows, labels)


def missing_scores(application_id: int, jurors: list[JuryMember], labels: dict[int, str],
                   declarations: dict[tuple[int, int], bool], cells: list[Cell]) -> list[str]:
    missing = []
    for juror in jurors:
        conflict = declarations.get((juror.pk, application_id))
        if conflict is None:
            missing.append(_("%s : déclaration d'intérêts à faire") % labels[juror.pk])
        elif not conflict:
            absent = [str(cell.criterion.name) for cell in cells
                      if all(entry.score.juror_id != juror.pk for entry in cell.entries)]
            if absent:
                missing.append(_("%(juror)s : %(criteria)s") % {
                    "juror": labels[juror.pk], "criteria": ", ".join(absent)})
    return missing
