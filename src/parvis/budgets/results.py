"""Results of participatory budgets: each sub-budget's election built from the ballots, its
tally, the publication (stored tallies, project statuses, audit, notifications) and the read
side shared by the results pages, the downloads and the API.

Anonymity: in an election, a voter is the position (from 1) of their ballot among the
budget's ballots ordered by receipt code, a random code: the same number in every
sub-budget, and nothing that links it to an account. A project is its database id.

Rules: greedy is greedy by votes; equal shares is the Method of Equal Shares with the add1
completion, as the cities that adopted it count (pabulib's ``equalshares/add1``: each voter's
share raised by 1 € while the outcome fits in the envelope and leaves room for another
project, as pabutools computes it; see `tally`). Ties go to the project with more
supporters, then the cheaper one, then the smaller id.

Verifiable results: at publication, the anonymised ballots of each sub-budget are written
once as a pabulib file (kept in the private storage, served as it is afterwards by the
results pages, which decide who sees them), and its SHA-256 digest is stored with the tally,
shown on the results page and written to the audit log, with a command that recounts the
file and checks the winners.
"""

import dataclasses
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from itertools import groupby
from operator import itemgetter

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.fields.json import KT, KeyTransform
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.budgets import pabulib
from parvis.budgets.models import (
    Ballot,
    BallotChoice,
    BallotFormat,
    Budget,
    Project,
    ProjectStatus,
    SubBudget,
    TallyResult,
    TallyRule,
)
from parvis.budgets.permissions import can_manage_budget
from parvis.budgets.tally import Completion, Method, Rule, tally
from parvis.budgets.voting import normalise_receipt_code
from parvis.core import audit, modules
from parvis.core.charts import percent
from parvis.core.errors import DomainError
from parvis.core.files import private_storage
from parvis.core.formats import date_format
from parvis.core.modules import Entry
from parvis.notifications.services import notify
from parvis.processes.models import Action

# The projects on the ballot, before the publication (eligible) and after it.
TALLIED_STATUSES = [ProjectStatus.ELIGIBLE, ProjectStatus.SELECTED, ProjectStatus.NOT_SELECTED]
METHODS = {
    TallyRule.GREEDY: Method(Rule.GREEDY),
    TallyRule.EQUAL_SHARES: Method(Rule.EQUAL_SHARES, Completion.ADD1),
}
# Where a published ballots file is kept (the name ends with "<sub-budget id>.pb").
BALLOTS_FOLDER = "budgets/bulletins"


class PublicationRefused(DomainError):
    """Results that cannot be published now; the message, in French, says why."""


# Who sees the results -----------------------------------------------------------------


def results_are_public(budget: Budget) -> bool:
    return budget.results_published_at is not None and budget.process.is_published


def can_see_results(user, budget: Budget) -> bool:
    """Everyone once published; before that, its managers (a preview)."""
    return results_are_public(budget) or can_manage_budget(user, budget)


# Elections from the database ----------------------------------------------------------


@dataclass(frozen=True)
class VoteWindow:
    starts_at: datetime
    ends_at: datetime


def vote_window(budget: Budget) -> VoteWindow | None:
    """From the start of the first phase opening the vote to the end of the last one."""
    phases = [phase for phase in budget.process.phases.all() if Action.VOTE in phase.actions]
    if not phases:
        return None
    return VoteWindow(min(p.starts_at for p in phases), max(p.ends_at for p in phases))


def envelope_order(prefix: str = "") -> list:
    """Sub-budgets in reading order: the metropolis-wide one first, then by commune and
    district (`prefix` reaches them from another model, e.g. "sub_budget__")."""
    return [F(f"{prefix}commune__name").asc(nulls_first=True),
            F(f"{prefix}district__name").asc(nulls_first=True), f"{prefix}pk"]


def sub_budgets_of(budget: Budget) -> QuerySet[SubBudget]:
    return budget.sub_budgets.select_related("commune", "district").order_by(*envelope_order())


def tallied_projects(**where) -> QuerySet[Project]:
    """The projects put to the vote (of a `budget` or `sub_budget`), by id."""
    return Project.objects.filter(status__in=TALLIED_STATUSES, hidden_at=None,
                                  **where).order_by("pk")


def voter_numbers(budget: Budget) -> dict[int, str]:
    """The voter id of each ballot (by ballot id) in the published elections."""
    ids = budget.ballots.order_by("receipt_code").values_list("pk", flat=True)
    return {pk: str(number) for number, pk in enumerate(ids, start=1)}


def voter_number(ballot: Ballot) -> str:
    """The voter id of one ballot, as `voter_numbers` gives it."""
    earlier = Ballot.objects.filter(budget_id=ballot.budget_id,
                                    receipt_code__lt=ballot.receipt_code)
    return str(earlier.count() + 1)


def _pabulib_day(moment) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y")


def _comment(method: Method) -> str:
    """The rule in full, for the readers of a file (the META rule names it in short)."""
    if method.rule is Rule.GREEDY:
        rule = "greedy by number of votes, skipping a project that no longer fits"
    else:
        rule = ("Method of Equal Shares with cost utilities; add1 completion as pabutools'"
                " voter_budget_increment=1: each voter's share raised by 1 EUR until the outcome"
                " exceeds the budget (the previous one is kept) or leaves no room for another"
                " project")
    return (f"#1: Tallied by Parvis: {rule}. Ties: the project with more supporters first, then"
            " the cheaper one, then the smaller project_id. Recount and check the winners:"
            " parvis tally --verify FILE")


def _meta(sub_budget: SubBudget, projects: list[Project],
          ballot_count: int) -> dict[str, str]:
    budget = sub_budget.budget
    window = vote_window(budget)
    method = METHODS[budget.rule]
    dates = (window.starts_at, window.ends_at) if window else (budget.created_at,) * 2
    meta = {
        "description": f"{budget.title} — {sub_budget.name}",
        "country": "France",
        "unit": sub_budget.name,
        "instance": str(timezone.localtime(window.ends_at if window else budget.created_at).year),
        "num_projects": str(len(projects)),
        "num_votes": str(ballot_count),
        "budget": str(sub_budget.amount),
        "currency": "EUR",
        "vote_type": "cumulative" if budget.ballot_format == BallotFormat.CUMULATIVE
        else "approval",
        "rule": method.pabulib_rule,
        "date_begin": _pabulib_day(dates[0]),
        "date_end": _pabulib_day(dates[1]),
        "language": "fr",
        "comment": _comment(method),
    }
    if sum(project.vote_cost for project in projects) <= sub_budget.amount:
        meta["fully_funded"] = "1"
    if budget.ballot_format == BallotFormat.CUMULATIVE:
        meta["max_sum_points"] = str(budget.points)
    elif budget.ballot_format == BallotFormat.K_APPROVAL:
        meta["max_length"] = str(budget.max_choices)
    elif budget.ballot_format == BallotFormat.KNAPSACK:
        meta["max_sum_cost"] = str(sub_budget.amount)
    return meta


def election_of(sub_budget: SubBudget, numbers: dict[int, str],
                selected: list[str] | None = None) -> pabulib.Election:
    """The sub-budget's projects and the ballots choosing some of them, in voter order.

    `numbers` is `voter_numbers` of its budget; `selected`, the ids the tally selected,
    fills the `selected` column of the projects (left out when None)."""
    projects = list(tallied_projects(sub_budget=sub_budget))
    cumulative = sub_budget.budget.ballot_format == BallotFormat.CUMULATIVE
    rows = (BallotChoice.objects.filter(project__in=projects)
            .order_by("ballot_id", "project_id").values_list("ballot_id", "project_id", "points"))
    ballots = []
    for ballot_id, choices in groupby(rows, key=itemgetter(0)):
        choices = sorted(choices, key=lambda choice: -choice[2]) if cumulative else list(choices)
        ballots.append(pabulib.Ballot(
            voter_id=numbers[ballot_id],
            projects=tuple(str(project_id) for _, project_id, _ in choices),
            points=tuple(points for _, _, points in choices) if cumulative else None,
        ))
    ballots.sort(key=lambda ballot: int(ballot.voter_id))
    votes = Counter(project_id for ballot in ballots for project_id in ballot.projects)
    scores = Counter()
    for ballot in ballots:
        scores.update(dict(zip(ballot.projects, ballot.points or [1] * len(ballot.projects),
                               strict=True)))
    # In the order greedy ranks them (ties as the tally breaks them), which readers of the
    # file that sort by score alone keep.
    projects.sort(key=lambda project: (-scores[str(project.pk)], -votes[str(project.pk)],
                                       project.vote_cost, project.pk))
    return pabulib.Election(
        meta=_meta(sub_budget, projects, len(ballots)),
        projects={
            str(project.pk): pabulib.Project(
                id=str(project.pk), cost=project.vote_cost, name=project.title,
                selected=None if selected is None else str(project.pk) in selected,
                extra={"votes": str(votes[str(project.pk)])}
                | ({"score": str(scores[str(project.pk)])} if cumulative else {}),
            )
            for project in projects
        },
        ballots=ballots,
    )


def run_tally(election: pabulib.Election, rule: str) -> dict:
    """The tally of an election under a budget's rule, as stored (plain JSON values)."""
    result = tally(election, METHODS[TallyRule(rule)])
    return json.loads(json.dumps(dataclasses.asdict(result)))


def ballots_file_name(sub_budget: SubBudget) -> str:
    return f"{sub_budget.budget.slug}-{sub_budget.pk}.pb"


def _keep_ballots_file(sub_budget: SubBudget, election: pabulib.Election,
                       selected: list[str]) -> str:
    """Write the published ballots file of a sub-budget; its SHA-256 digest (hexadecimal)."""
    for project_id, project in election.projects.items():
        election.projects[project_id] = dataclasses.replace(
            project, selected=project_id in selected)
    content = pabulib.write(election).encode()
    name = f"{BALLOTS_FOLDER}/{ballots_file_name(sub_budget)}"
    storage = private_storage()
    storage.delete(name)
    storage.save(name, ContentFile(content))
    return hashlib.sha256(content).hexdigest()


# Publication ----------------------------------------------------------------------------


def publication_refusal(budget: Budget, at=None) -> str:
    """Why the results cannot be published at `at` (now), or "" when they can."""
    window = vote_window(budget)
    if window is None:
        return _("Ce budget n'a pas de phase de vote : il n'y a pas de résultats à publier.")
    if (at or timezone.now()) < window.ends_at:
        closing = date_format(timezone.localtime(window.ends_at), "DATETIME_FORMAT")
        return _("Le vote n'est pas terminé : les résultats pourront être publiés après sa"
                 " clôture, le %(date)s.") % {"date": closing}
    return ""


@transaction.atomic
def publish(budget: Budget, actor, at=None) -> list[TallyResult]:
    """Tally every sub-budget, store the tallies and publish them; again, it recomputes the
    same results and changes nothing else (the first publication date stays)."""
    at = at or timezone.now()
    budget = (Budget.objects.select_for_update(of=("self",)).select_related("process")
              .get(pk=budget.pk))
    refusal = publication_refusal(budget, at)
    if refusal:
        raise PublicationRefused(refusal)
    numbers = voter_numbers(budget)
    stored, selected, digests = [], set(), {}
    for sub_budget in sub_budgets_of(budget):
        election = election_of(sub_budget, numbers)
        result = run_tally(election, budget.rule)
        result["ballots_sha256"] = _keep_ballots_file(sub_budget, election, result["selected"])
        digests[str(sub_budget.pk)] = result["ballots_sha256"]
        selected.update(result["selected"])
        stored.append(TallyResult.objects.update_or_create(sub_budget=sub_budget, defaults={
            "rule": budget.rule, "result": result, "ballot_count": len(election.ballots),
            "computed_at": at,
        })[0])
    republished = budget.results_published_at is not None
    if not republished:
        budget.results_published_at = at
        budget.save(update_fields=["results_published_at"])
    audit.record(actor, "budget.results_published", budget, republished=republished,
                 selected=sorted(selected, key=int), ballots_sha256=digests)
    _settle_projects(budget, {int(pk) for pk in selected}, actor)
    modules.adoptions_changed("budgets")
    return stored


def _settle_projects(budget: Budget, selected: set[int], actor) -> None:
    """Selected or not: each project on the ballot whose status changes, audited, and its
    author told."""
    for project in tallied_projects(budget=budget).select_related("author"):
        status = ProjectStatus.SELECTED if project.pk in selected else ProjectStatus.NOT_SELECTED
        if project.status == status:
            continue
        project.status = status
        project.save(update_fields=["status"])
        audit.record(actor, "budget.project_status_changed", project, status=status)
        _notify_author(project, budget, actor)


def _notify_author(project: Project, budget: Budget, actor) -> None:
    if project.status == ProjectStatus.SELECTED:
        message = _("Bonne nouvelle : votre projet « %(title)s » est lauréat du %(budget)s.")
    else:
        message = _("Votre projet « %(title)s » n'a pas été retenu au vote du %(budget)s. La"
                    " page des résultats explique pourquoi.")
    notify(
        project.author, kind="project_decision", actor=actor,
        subject=_("Résultats du vote : « %(title)s »") % {"title": project.title},
        message=message % {"title": project.title, "budget": budget.title},
        url=reverse("budgets:project_explanation", args=[budget.slug, project.pk]),
    )


# Reading the results --------------------------------------------------------------------


@dataclass
class ProjectLine:
    """A project of a sub-budget's results: its outcome as the tally stored it, and its
    cost as a percentage of the envelope."""

    project: Project
    outcome: dict
    share: float

    @property
    def cost(self) -> Fraction:
        return Fraction(self.outcome["cost"])

    @property
    def votes(self) -> int:
        return self.outcome["supporters"]

    @property
    def score(self) -> Fraction:
        return Fraction(self.outcome["score"])

    @property
    def selected(self) -> bool:
        return self.outcome["selected"]


@dataclass
class SubBudgetResults:
    sub_budget: SubBudget
    result: dict
    ballot_count: int
    lines: list[ProjectLine]  # the selected ones in selection order, then by votes

    @property
    def selected(self) -> list[ProjectLine]:
        return [line for line in self.lines if line.selected]

    @property
    def spent(self) -> Fraction:
        return Fraction(self.result["cost"])

    @property
    def spent_share(self) -> float:
        return percent(float(self.spent), self.sub_budget.amount)

    @property
    def left(self) -> Fraction:
        return self.sub_budget.amount - self.spent

    def line(self, project_id: int) -> ProjectLine | None:
        return next((line for line in self.lines if line.project.pk == project_id), None)


@dataclass
class BudgetResults:
    budget: Budget
    published: bool
    sub_budgets: list[SubBudgetResults]

    @property
    def ballot_count(self) -> int:
        return self.budget.ballots.count()

    def of(self, project: Project) -> SubBudgetResults | None:
        return next((item for item in self.sub_budgets
                     if item.sub_budget.pk == project.sub_budget_id), None)


def _lines(sub_budget: SubBudget, result: dict,
           projects: dict[int, Project]) -> list[ProjectLine]:
    lines = [
        ProjectLine(projects[int(outcome["id"])], outcome,
                    percent(float(Fraction(outcome["cost"])), sub_budget.amount))
        for outcome in result["projects"] if int(outcome["id"]) in projects
    ]
    return sorted(lines, key=lambda line: (
        not line.selected, line.outcome["round"] or 0, -line.score, line.cost, line.project.pk))


# The stored tally without its per-voter spending ("voters"), which weighs megabytes with
# many voters: lists as JSON, strings as text (exact on every database).
_SUMMARY = {
    "projects": KeyTransform("projects", "result"),
    "selected": KeyTransform("selected", "result"),
    "preferences": KeyTransform("preferences", "result"),
    **{key: KT(f"result__{key}")
       for key in ["rule", "completion", "tie_breaking", "budget", "cost", "endowment",
                   "threshold", "ballots_sha256"]},
}


def _stored(budget: Budget, spending: bool) -> list[tuple[SubBudget, dict, int]]:
    stored = (TallyResult.objects.filter(sub_budget__budget=budget)
              .select_related("sub_budget__commune", "sub_budget__district")
              .order_by(*envelope_order("sub_budget__")))
    if spending:
        return [(row.sub_budget, row.result, row.ballot_count) for row in stored]
    stored = stored.defer("result").annotate(
        **{f"summary_{key}": value for key, value in _SUMMARY.items()})
    return [(row.sub_budget,
             {key: getattr(row, f"summary_{key}") for key in _SUMMARY} | {"voters": []},
             row.ballot_count) for row in stored]


def budget_results(budget: Budget, *, spending: bool = False) -> BudgetResults:
    """The stored results once published (with each voter's spending if asked); before
    that, a preview tallied from the ballots now (for managers). Once published, a fixed
    number of queries whatever the number of ballots."""
    published = budget.results_published_at is not None
    if published:
        rows = _stored(budget, spending)
    else:
        numbers = voter_numbers(budget)
        rows = []
        for sub_budget in sub_budgets_of(budget):
            election = election_of(sub_budget, numbers)
            rows.append((sub_budget, run_tally(election, budget.rule), len(election.ballots)))
    ids = {int(outcome["id"]) for _, result, _ in rows for outcome in result["projects"]}
    projects = Project.objects.filter(pk__in=ids).select_related("budget")
    by_id = {project.pk: project for project in projects}
    return BudgetResults(budget, published, [
        SubBudgetResults(sub_budget, result, ballot_count, _lines(sub_budget, result, by_id))
        for sub_budget, result, ballot_count in rows
    ])


def supporters_of(project: Project, numbers: dict[int, str]) -> set[str]:
    """The voter ids of the ballots choosing a project."""
    ballots = BallotChoice.objects.filter(project=project).values_list("ballot_id", flat=True)
    return {numbers[ballot_id] for ballot_id in ballots}


def find_ballot(budget: Budget, receipt_code: str) -> Ballot | None:
    """The budget's ballot with this receipt code, as typed (any case, spaces or dashes)."""
    code = normalise_receipt_code(receipt_code)
    if not code:
        return None
    return budget.ballots.filter(receipt_code=code).prefetch_related("choices").first()


def pabulib_file(results: SubBudgetResults) -> bytes:
    """The anonymised ballots of a sub-budget and its projects (selected or not), `.pb`: the
    file kept at publication once published, else written now (a preview)."""
    sub_budget = results.sub_budget
    if results.result.get("ballots_sha256"):
        with private_storage().open(f"{BALLOTS_FOLDER}/{ballots_file_name(sub_budget)}") as file:
            return file.read()
    election = election_of(sub_budget, voter_numbers(sub_budget.budget),
                            selected=results.result["selected"])
    return pabulib.write(election).encode()


def process_results(process, user) -> list[Entry]:
    """The results pages of the process' budgets this person may see (`results` hook)."""
    return [Entry(_("Résultats du vote : %s") % budget.title,
                  reverse("budgets:results", args=[budget.slug]))
            for budget in process.budgets.select_related("process")
            if can_see_results(user, budget)]
