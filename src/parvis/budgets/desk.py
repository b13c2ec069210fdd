"""Help-desk voting sessions: an agent opens a session at a place, records paper ballots in
it (`voting.record_desk_ballot`), and closes it; above a threshold of ballots, a second
agent confirms the count against the paper ballots. Counts per desk and per agent, and the
desk report (CSV, PDF) to compare with the paper ballots. Every change is audit-logged."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.budgets.models import Ballot, Budget, Channel, DeskSession
from parvis.core import audit, spreadsheets
from parvis.core.errors import DomainError
from parvis.core.models import User
from parvis.core.pdf import Document
from parvis.core.permissions import can_verify_in_person


class DeskError(DomainError):
    """A session action that is refused; the message is for the agent, in French."""


def _check_desk_agent(budget: Budget, agent: User) -> None:
    if not can_verify_in_person(agent):
        raise DeskError(_("Seuls les agents et aidant·es d'un guichet gèrent les sessions de"
                          " vote au guichet."))
    if not budget.desk_voting:
        raise DeskError(_("Ce budget n'ouvre pas le vote au guichet."))


def open_session(budget: Budget, agent: User, place: str) -> DeskSession:
    _check_desk_agent(budget, agent)
    try:
        with transaction.atomic():
            session = DeskSession.objects.create(budget=budget, place=place.strip(),
                                                 opened_by=agent)
    except IntegrityError:
        raise DeskError(_("Vous avez déjà une session ouverte pour ce budget : fermez-la"
                          " d'abord.")) from None
    audit.record(agent, "desk_session.opened", budget, session=session.pk, place=session.place)
    return session


def current_session(budget: Budget, agent: User, lock: bool = False) -> DeskSession | None:
    """The session `agent` opened for `budget` and has not closed yet."""
    sessions = DeskSession.objects.filter(budget=budget, opened_by=agent, closed_at=None)
    return (sessions.select_for_update() if lock else sessions).first()


def _session(budget: Budget, pk: int, lock: bool = True) -> DeskSession:
    sessions = DeskSession.objects.filter(budget=budget)
    try:
        return (sessions.select_for_update() if lock else sessions).get(pk=pk)
    except DeskSession.DoesNotExist:
        raise DeskError(_("Cette session de guichet n'existe pas.")) from None


@transaction.atomic
def close_session(budget: Budget, agent: User, pk: int) -> DeskSession:
    """The agent who opened the session closes it; above the threshold its count waits for
    a second agent's confirmation."""
    _check_desk_agent(budget, agent)
    session = _session(budget, pk)
    if session.opened_by_id != agent.pk or not session.is_open:
        raise DeskError(_("Seule la personne qui a ouvert cette session peut la fermer, une"
                          " fois."))
    count = session.ballots.count()
    session.closed_by, session.closed_at = agent, timezone.now()
    session.needs_confirmation = count > settings.BUDGETS_DESK_CONFIRMATION_THRESHOLD
    session.save(update_fields=["closed_by", "closed_at", "needs_confirmation"])
    audit.record(agent, "desk_session.closed", budget, session=session.pk, ballots=count,
                 needs_confirmation=session.needs_confirmation)
    return session


@transaction.atomic
def confirm_session(budget: Budget, agent: User, pk: int) -> DeskSession:
    """A second agent, who recorded none of its ballots, confirms a closed session's count
    after comparing the desk report with the paper ballots."""
    _check_desk_agent(budget, agent)
    session = _session(budget, pk)
    if not session.awaiting_confirmation:
        raise DeskError(_("Cette session n'attend pas de confirmation."))
    recorders = set(session.ballots.values_list("recorded_by", flat=True))
    if agent.pk == session.opened_by_id or agent.pk in recorders:
        raise DeskError(_("La confirmation revient à un·e autre agent que celles et ceux qui"
                          " ont saisi les bulletins de cette session."))
    session.confirmed_by, session.confirmed_at = agent, timezone.now()
    session.save(update_fields=["confirmed_by", "confirmed_at"])
    audit.record(agent, "desk_session.confirmed", budget, session=session.pk,
                 ballots=session.ballots.count())
    return session


def sessions_of(budget: Budget):
    """The budget's sessions with their ballot counts, for the desk page."""
    return (DeskSession.objects.filter(budget=budget)
            .select_related("opened_by", "confirmed_by")
            .annotate(ballot_count=Count("ballots")).order_by("-opened_at", "-pk"))


# Counts and reports -----------------------------------------------------------------------


@dataclass(frozen=True)
class DeskCounts:
    """Paper ballots by desk session and by agent (pseudonyms: the public names), and the
    sessions whose count awaits a second agent."""

    total: int
    by_session: list[tuple[str, int, str]]  # place and date, ballots, state
    by_agent: list[tuple[str, int]]
    unconfirmed: int


def _state(session: DeskSession) -> str:
    if session.is_open:
        return _("ouverte")
    if session.awaiting_confirmation:
        return _("en attente de confirmation")
    if session.confirmed_at:
        return _("confirmée par un second agent")
    return _("fermée")


def desk_counts(budget: Budget) -> DeskCounts:
    desk_ballots = Ballot.objects.filter(budget=budget, channel=Channel.DESK)
    sessions = list(DeskSession.objects.filter(budget=budget)
                    .annotate(ballot_count=Count("ballots", filter=Q(ballots__channel="desk")))
                    .order_by("opened_at", "pk"))
    by_session = [(f"{session.place} ({timezone.localtime(session.opened_at):%d/%m/%Y})",
                   session.ballot_count, _state(session)) for session in sessions]
    outside = desk_ballots.filter(desk_session=None).count()
    if outside:
        by_session.append((_("Sans session (bulletins antérieurs)"), outside, ""))
    agents = (desk_ballots.values("recorded_by__pseudonym").annotate(count=Count("pk"))
              .order_by("-count", "recorded_by__pseudonym"))
    by_agent = [(row["recorded_by__pseudonym"] or _("Compte supprimé"), row["count"])
                for row in agents]
    return DeskCounts(total=sum(count for _label, count in by_agent), by_session=by_session,
                      by_agent=by_agent,
                      unconfirmed=sum(session.awaiting_confirmation for session in sessions))


def report_headers() -> list[str]:
    return [_("Code de reçu"), _("Saisi le"), _("Saisi par"), _("Commune"), _("Choix")]


def report_rows(session: DeskSession) -> list[list[str]]:
    """One line per paper ballot of the session: receipt code (written on the paper
    ballot), time, agent, commune and choices — never the voter's identity."""
    ballots = (session.ballots.select_related("recorded_by", "commune")
               .prefetch_related("choices__project").order_by("cast_at", "pk"))
    return [[
        ballot.receipt_code,
        f"{timezone.localtime(ballot.cast_at):%d/%m/%Y %H:%M}",
        ballot.recorded_by.pseudonym if ballot.recorded_by else "",
        str(ballot.commune or ""),
        " ; ".join(f"{choice.project.title}" + (f" ({choice.points})"
                                                 if choice.points != 1 else "")
                   for choice in ballot.choices.all()),
    ] for ballot in ballots]


def _report_title(session: DeskSession) -> str:
    return _("Rapport du guichet « %(place)s » — %(budget)s") % {
        "place": session.place, "budget": session.budget.title}


def report_csv(agent: User, session: DeskSession) -> str:
    rows = report_rows(session)
    audit.record(agent, "desk_session.report", session.budget, session=session.pk,
                 format="csv", ballots=len(rows))
    output = io.StringIO()
    writer = spreadsheets.Writer(output)
    writer.writerow(report_headers())
    writer.writerows(rows)
    return output.getvalue()


def report_pdf(agent: User, session: DeskSession) -> bytes:
    rows = report_rows(session)
    audit.record(agent, "desk_session.report", session.budget, session=session.pk,
                 format="pdf", ballots=len(rows))
    document = Document(_report_title(session))
    opened = timezone.localtime(session.opened_at)
    document.paragraph(_("Ouverte le %(date)s par %(agent)s ; état : %(state)s ; bulletins"
                         " saisis : %(count)d. Comparez chaque ligne avec le bulletin papier"
                         " qui porte le même code de reçu.") % {
        "date": f"{opened:%d/%m/%Y %H:%M}", "agent": session.opened_by.pseudonym,
        "state": _state(session), "count": len(rows)})
    document.table(report_headers(), rows, widths=(36, 26, 26, 26, 76))
    return document.to_bytes()
