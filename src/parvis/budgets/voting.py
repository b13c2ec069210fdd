"""Voting in a participatory budget: who may vote and in which sub-budgets, the rules of
each ballot format, casting or changing a ballot in one transaction with a receipt code,
and paper ballots recorded at a help desk. Every write of a ballot goes through here.

One ballot per person and budget is guarded by the database (`ballot_one_per_account`,
`ballot_one_per_identity`): the checks below give a clear answer in the usual case, the
constraints settle concurrent submissions.
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.budgets.desk import current_session
from parvis.budgets.models import (
    Ballot,
    BallotChoice,
    BallotFormat,
    Budget,
    Channel,
    Project,
    SubBudget,
)
from parvis.core import audit
from parvis.core.errors import DomainError
from parvis.core.formats import date_format, euros
from parvis.core.models import Commune, User, VerificationLevel
from parvis.core.permissions import can_verify_in_person
from parvis.core.search import alphabetical_order
from parvis.core.services.verification import Identity, identity_hashes
from parvis.notifications.models import FOLLOWED_UPDATE
from parvis.notifications.services import notify_all
from parvis.processes.models import Action
from parvis.processes.services import action_decision

# Receipt codes: 12 characters without look-alikes (0/O, 1/I/L), read in groups of 4.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 12
RECEIPT_GROUP = 4
RECEIPT_ATTEMPTS = 3


class VoteRefused(DomainError):
    """This person may not vote (now, here); the message says why, in French."""


class AlreadyVoted(VoteRefused):
    """This person's ballot exists and may not be replaced by this one."""

    def __init__(self, message: str, ballot: Ballot):
        super().__init__(message)
        self.ballot = ballot


class BallotError(Exception):
    """A ballot that breaks the rules of its format; messages by sub-budget pk (None: the
    whole ballot)."""

    def __init__(self, errors: dict[int | None, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors


# Receipts and dates -----------------------------------------------------------------------


def when(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y à H:i")


def _grouped(raw: str) -> str:
    return "-".join(raw[start:start + RECEIPT_GROUP]
                    for start in range(0, RECEIPT_LENGTH, RECEIPT_GROUP))


def new_receipt_code() -> str:
    return _grouped("".join(secrets.choice(RECEIPT_ALPHABET)
                            for _position in range(RECEIPT_LENGTH)))


def normalise_receipt_code(text: str) -> str:
    """A receipt code as typed (any case, spaces or dashes) in its stored form, or ""."""
    raw = "".join(char for char in text.upper() if char.isalnum())
    if len(raw) != RECEIPT_LENGTH or any(char not in RECEIPT_ALPHABET for char in raw):
        return ""
    return _grouped(raw)


# Eligibility ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    """May this person vote, and in which sub-budgets: the metropolis-wide ones, their
    commune's, and the district ones of their commune (they vote in one of those at most)."""

    allowed: bool
    reason: str = ""
    needs_profile: bool = False  # the reason asks to complete the account page
    sub_budgets: tuple[SubBudget, ...] = ()
    opens_at: datetime | None = None  # when the vote opens or closed, for a dated refusal
    closed_at: datetime | None = None

    def __bool__(self):
        return self.allowed


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def voter_sub_budgets(budget: Budget, commune_id: int | None) -> tuple[SubBudget, ...]:
    """The metropolis-wide envelopes and those of the commune (and its districts), in the
    envelopes' own order without the join its "budget" key needs (one budget here), with
    their district, whose name the ballot shows."""
    area = Q(commune=None) if commune_id is None else Q(commune=None) | Q(commune=commune_id)
    return tuple(budget.sub_budgets.filter(area).select_related("district").order_by(
        "commune__name", "district__name", "pk"))


def _voter_eligibility(budget: Budget, birth_date: date | None, commune_id: int | None,
                       at=None) -> Eligibility:
    """The rules about the person: age, residence (`commune_id`), and the sub-budgets they
    vote in."""
    if budget.min_age and age_on(birth_date, timezone.localdate(at)) < budget.min_age:
        return Eligibility(False, _("Ce vote est réservé aux personnes de %(age)d ans et plus.")
                           % {"age": budget.min_age})
    if budget.residents_only:
        allowed = set(budget.process.communes.order_by().values_list("pk", flat=True))
        if allowed and commune_id not in allowed:
            names = ", ".join(Commune.objects.filter(pk__in=allowed)
                              .values_list("name", flat=True))
            return Eligibility(False, _("Ce vote est réservé aux habitants de : %(communes)s.")
                               % {"communes": names})
        if commune_id is None:
            return Eligibility(False, _("Ce vote est réservé aux habitants de la métropole."))
    sub_budgets = voter_sub_budgets(budget, commune_id)
    if not sub_budgets:
        return Eligibility(False, _("Aucune enveloppe de ce budget ne concerne cette commune."))
    return Eligibility(True, sub_budgets=sub_budgets)


def eligibility(budget: Budget, user, at=None) -> Eligibility:
    """May `user` vote online in `budget` now? The French reason when not. A budget read by
    `selectors.budget_to_vote` carries whether the person may take part in its process."""
    decision = action_decision(budget.process, Action.VOTE, user, budget.vote_level, at=at,
                               accessible=getattr(budget, "process_accessible", None))
    if not decision:
        return Eligibility(False, decision.reason, opens_at=decision.opens_at,
                           closed_at=decision.closed_at)
    if not user.is_authenticated:
        return Eligibility(False, _("Connectez-vous pour voter."))
    if budget.min_age and user.birth_date is None:
        return Eligibility(False, _(
            "Indiquez votre date de naissance dans votre compte : ce vote est réservé aux"
            " personnes de %(age)d ans et plus.") % {"age": budget.min_age}, needs_profile=True)
    if budget.residents_only and user.commune_id is None:
        return Eligibility(False, _(
            "Indiquez votre commune de résidence dans votre compte : ce vote est réservé à"
            " ses habitants."), needs_profile=True)
    return _voter_eligibility(budget, user.birth_date, user.commune_id, at)


def desk_eligibility(budget: Budget, agent, birth_date: date, commune: Commune | None,
                     at=None) -> Eligibility:
    """May the person an agent identified at a help desk vote on paper now? The agent checked
    their identity document, which stands for any verification level."""
    decision = action_decision(budget.process, Action.VOTE, agent, VerificationLevel.NONE, at=at)
    if not decision:
        return Eligibility(False, decision.reason)
    return _voter_eligibility(budget, birth_date, commune.pk if commune else None, at)


# Ballots already cast ---------------------------------------------------------------------


def ballot_of(budget: Budget, account: User | None, digests: list[str],
              lock: bool = False) -> Ballot | None:
    """The ballot of the person with this account or one of these identity hashes, if any."""
    match = Q(pk__in=[])
    if account is not None:
        match |= Q(voter=account)
    if digests:
        match |= Q(identity_hash__in=digests)
    ballots = Ballot.objects.filter(match, budget=budget).order_by("cast_at", "pk")
    return (ballots.select_for_update() if lock else ballots).first()


def existing_ballot(budget: Budget, user, lock: bool = False) -> Ballot | None:
    if not user.is_authenticated:
        return None
    return ballot_of(budget, user, [user.identity_hash] if user.identity_hash else [],
                     lock=lock)


def change_refusal(budget: Budget, ballot: Ballot) -> str:
    """Why this person may not replace their ballot online, or "" when they may."""
    if ballot.channel == Channel.DESK:
        return _("Vous avez voté au guichet le %(date)s : un bulletin papier ne se modifie pas"
                 " en ligne.") % {"date": when(ballot.cast_at)}
    if not budget.ballot_changeable:
        return _("Vous avez déjà voté le %(date)s. Les bulletins de ce budget ne sont pas"
                 " modifiables.") % {"date": when(ballot.cast_at)}
    return ""


def desk_refusal(ballot: Ballot) -> str:
    if ballot.channel == Channel.DESK:
        return _("Cette personne a déjà voté au guichet le %(date)s.") % {
            "date": when(ballot.cast_at)}
    return _("Cette personne a déjà voté en ligne le %(date)s.") % {"date": when(ballot.cast_at)}


# The ballot and its rules -----------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A sub-budget on someone's ballot, with the projects they may choose in it."""

    sub_budget: SubBudget
    projects: tuple[Project, ...]


def ballot_sections(budget: Budget, eligible: Eligibility,
                    chosen: dict[int, int] | None = None) -> list[Section]:
    """The sections of this person's ballot; with `chosen`, only the projects among those
    (what checking or summing up a ballot needs, whatever the number of projects)."""
    projects = _votable_projects(budget, eligible, chosen).select_related("commune").order_by(
        *alphabetical_order("title"), "pk")
    return _sections(eligible, projects)


def _votable_projects(budget: Budget, eligible: Eligibility, chosen) -> QuerySet[Project]:
    projects = Project.objects.votable().filter(
        budget=budget, sub_budget__in=[sub.pk for sub in eligible.sub_budgets])
    if chosen is not None:
        projects = projects.filter(pk__in=list(chosen))
    return projects


def _sections(eligible: Eligibility, projects) -> list[Section]:
    projects = list(projects)
    return [
        Section(sub_budget, tuple(p for p in projects if p.sub_budget_id == sub_budget.pk))
        for sub_budget in eligible.sub_budgets
    ]


def format_rule(budget: Budget) -> str:
    """How to fill the ballot, in one sentence."""
    if budget.ballot_format == BallotFormat.K_APPROVAL:
        return _("Choisissez au plus %(k)d projets dans chaque enveloppe.") % {
            "k": budget.max_choices}
    if budget.ballot_format == BallotFormat.KNAPSACK:
        return _("Choisissez des projets dans chaque enveloppe, sans dépasser son montant.")
    if budget.ballot_format == BallotFormat.CUMULATIVE:
        return _("Répartissez au plus %(points)d points entre les projets de chaque enveloppe :"
                 " plus un projet a de points, plus il compte pour vous.") % {
            "points": budget.points}
    return _("Choisissez autant de projets que vous le souhaitez dans chaque enveloppe.")


def _section_error(budget: Budget, sub_budget: SubBudget, chosen: list[tuple[Project, int]]):
    if budget.ballot_format == BallotFormat.K_APPROVAL and len(chosen) > budget.max_choices:
        return _("Vous avez choisi %(count)d projets : %(max)d au plus dans cette enveloppe.") % {
            "count": len(chosen), "max": budget.max_choices}
    if budget.ballot_format == BallotFormat.KNAPSACK:
        total = sum(project.vote_cost for project, _points in chosen)
        if total > sub_budget.amount:
            return _("Votre sélection dépasse le budget de %(excess)s : elle coûte %(total)s pour"
                     " une enveloppe de %(amount)s. Retirez un ou plusieurs projets.") % {
                "excess": euros(total - sub_budget.amount), "total": euros(total),
                "amount": euros(sub_budget.amount)}
    if budget.ballot_format == BallotFormat.CUMULATIVE:
        total = sum(points for _project, points in chosen)
        if total > budget.points:
            return _("Vous avez réparti %(total)d points : %(max)d au plus dans cette"
                     " enveloppe.") % {"total": total, "max": budget.points}
    return ""


def unknown_choice_error() -> str:
    """A ballot naming a project that is not on this person's ballot (e.g. an old page)."""
    return _("Ce bulletin contient un choix qui n'est pas proposé à votre vote : rechargez la"
             " page et recommencez.")


def check_choices(budget: Budget, sections: list[Section],
                  choices: dict[int, int]) -> dict[int | None, str]:
    """The rules of the budget's format, per sub-budget; `choices` gives points by project
    pk (1 for the formats without points). Returns the errors (empty when valid)."""
    section_of = {project.pk: section for section in sections for project in section.projects}
    cumulative = budget.ballot_format == BallotFormat.CUMULATIVE
    if any(pk not in section_of or points < 1 or (points != 1 and not cumulative)
           for pk, points in choices.items()):
        return {None: unknown_choice_error()}
    if not choices:
        return {None: _("Choisissez au moins un projet.")}
    errors = {}
    districts = {section_of[pk].sub_budget.pk for pk in choices
                 if section_of[pk].sub_budget.district_id}
    if len(districts) > 1:
        errors[None] = _("Votez pour les projets d'un seul quartier.")
    for section in sections:
        chosen = [(project, choices[project.pk]) for project in section.projects
                  if project.pk in choices]
        message = _section_error(budget, section.sub_budget, chosen)
        if message:
            errors[section.sub_budget.pk] = message
    return errors


# Storing ballots --------------------------------------------------------------------------


def _new_ballot(budget: Budget, account: User | None, digest: str | None, **fields) -> Ballot:
    now = timezone.now()
    return Ballot.objects.create(budget=budget, voter=account, identity_hash=digest,
                                 receipt_code=new_receipt_code(), cast_at=now, updated_at=now,
                                 **fields)


def _create_ballot(budget: Budget, account: User | None, digest: str | None,
                   refusal, **fields) -> Ballot:
    """Insert a ballot with a fresh receipt code. When the person's other submission got
    there first, the constraints refuse this one: AlreadyVoted, with `refusal(ballot)`."""
    for _attempt in range(RECEIPT_ATTEMPTS):
        try:
            with transaction.atomic():
                return _new_ballot(budget, account, digest, **fields)
        except IntegrityError:
            existing = ballot_of(budget, account, [digest] if digest else [])
            if existing is not None:
                raise AlreadyVoted(refusal(existing), existing) from None
    raise RuntimeError("No free receipt code.")  # 31**12 codes: never in practice


def _write_choices(ballot: Ballot, choices: dict[int, int]) -> None:
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, project_id=pk, points=points)
        for pk, points in sorted(choices.items())
    )


def _check(budget: Budget, eligible: Eligibility, choices: dict[int, int]) -> None:
    # The rules read the envelope and the cost of each chosen project, in any order.
    projects = _votable_projects(budget, eligible, choices).only(
        "sub_budget", "cost", "estimated_cost").order_by()
    errors = check_choices(budget, _sections(eligible, projects), choices)
    if errors:
        raise BallotError(errors)


def _notify_receipt(ballot: Ballot, subject: str, actor=None) -> None:
    """The receipt, on the site and by e-mail, from a task written in the vote's
    transaction: the vote itself renders no e-mail."""
    notify_all(
        [ballot.voter], kind=FOLLOWED_UPDATE, actor=actor, subject=subject,
        url=reverse("budgets:vote_receipt", args=[ballot.budget.slug]),
        message=_("Votre code de reçu est %(code)s. Après le dépouillement, il vous permettra de"
                  " vérifier comment votre bulletin a été compté ; il ne vous identifie pas"
                  " publiquement.") % {"code": ballot.receipt_code},
    )


def _racing_refusal(ballot: Ballot) -> str:
    return _("Votre bulletin a été enregistré par un autre envoi le %(date)s : cet envoi-ci n'a"
             " pas été pris en compte.") % {"date": when(ballot.cast_at)}


@dataclass(frozen=True)
class Cast:
    ballot: Ballot
    changed: bool


def cast_ballot(budget: Budget, voter: User, choices: dict[int, int]) -> Cast:
    """Store `voter`'s online ballot, or replace its choices when they voted online already
    and the budget allows it: all or nothing. Raises VoteRefused (AlreadyVoted) or
    BallotError. The audit log says that a ballot was cast or changed, never its choices.

    When the person's other submission got there first, the constraints refuse this one
    and the whole transaction is undone (no savepoint needed): AlreadyVoted. A receipt code
    already taken (31**12 codes: never in practice) has the whole cast tried again."""
    for _attempt in range(RECEIPT_ATTEMPTS):
        try:
            with transaction.atomic():
                return _cast(budget, voter, choices)
        except IntegrityError:
            existing = existing_ballot(budget, voter)
            if existing is not None:
                raise AlreadyVoted(_racing_refusal(existing), existing) from None
    raise RuntimeError("No free receipt code.")


def _cast(budget: Budget, voter: User, choices: dict[int, int]) -> Cast:
    eligible = eligibility(budget, voter)
    if not eligible:
        raise VoteRefused(eligible.reason)
    existing = existing_ballot(budget, voter, lock=True)
    refusal = change_refusal(budget, existing) if existing is not None else ""
    if refusal:
        raise AlreadyVoted(refusal, existing)
    _check(budget, eligible, choices)
    if existing is not None:
        existing.updated_at = timezone.now()
        existing.save(update_fields=["updated_at"])
        existing.choices.all().delete()
        _write_choices(existing, choices)
        audit.record(voter, "ballot.changed", budget, ballot=existing.pk)
        _notify_receipt(existing, _("Votre bulletin est modifié : %(title)s")
                        % {"title": budget.title})
        return Cast(existing, changed=True)
    ballot = _new_ballot(budget, voter, voter.identity_hash or None,
                         commune_id=voter.commune_id, channel=Channel.ONLINE)
    _write_choices(ballot, choices)
    audit.record(voter, "ballot.cast", budget, ballot=ballot.pk, channel=Channel.ONLINE)
    _notify_receipt(ballot, _("Votre vote est enregistré : %(title)s")
                    % {"title": budget.title})
    return Cast(ballot, changed=False)


# Help desk --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeskVoter:
    """A person identified at a help desk: the hash of the identity on their document (never
    the identity), their verified account when one carries that hash, the commune the agent
    chose, and what they may vote in."""

    identity_hash: str
    account: User | None
    commune: Commune | None
    eligibility: Eligibility


def identify_desk_voter(budget: Budget, agent: User, identity: Identity,
                        commune: Commune | None) -> DeskVoter:
    """Check that the person may vote on paper and has not voted yet, online or at a desk.
    Raises VoteRefused (AlreadyVoted) with the reason for the agent."""
    if not can_verify_in_person(agent):
        raise VoteRefused(_("Seuls les agents et aidant·es d'un guichet saisissent les votes"
                            " papier."))
    if not budget.desk_voting:
        raise VoteRefused(_("Ce budget n'ouvre pas le vote au guichet."))
    # The same fingerprint as a verification of the same person gives (any key in use).
    digests = identity_hashes(identity)
    account = User.objects.filter(identity_hash__in=digests).first()
    existing = ballot_of(budget, account, digests)
    if existing is not None:
        raise AlreadyVoted(desk_refusal(existing), existing)
    eligible = desk_eligibility(budget, agent, identity.birthdate, commune)
    if not eligible:
        raise VoteRefused(eligible.reason)
    return DeskVoter(digests[0], account, commune, eligible)


def record_desk_ballot(budget: Budget, agent: User, identity: Identity, commune: Commune | None,
                       choices: dict[int, int]) -> Ballot:
    """Record the paper ballot of a person identified at a help desk, in the session the
    agent opened: channel DESK, the agent who typed it, the identity hash, and the account
    when one matches."""
    with transaction.atomic():
        person = identify_desk_voter(budget, agent, identity, commune)
        session = current_session(budget, agent, lock=True)
        if session is None:
            raise VoteRefused(_("Ouvrez une session de guichet avant de saisir des bulletins"
                                " papier."))
        _check(budget, person.eligibility, choices)
        ballot = _create_ballot(budget, person.account, person.identity_hash, desk_refusal,
                                commune=commune, channel=Channel.DESK, recorded_by=agent,
                                desk_session=session)
        _write_choices(ballot, choices)
        audit.record(agent, "ballot.desk_recorded", budget, ballot=ballot.pk,
                     channel=Channel.DESK, session=session.pk)
        if person.account is not None:
            _notify_receipt(ballot, _("Votre vote au guichet est enregistré : %(title)s")
                            % {"title": budget.title}, actor=agent)
        return ballot
