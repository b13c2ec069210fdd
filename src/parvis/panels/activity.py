"""Follow-up of a panel: what each member did, month by month, and who has gone quiet.

A member's activity is counted over the panel's mandate, within what belongs to the panel:
answers to the consultations of its members' space or addressed to it (audience "panel",
evaluation survey), and, in its space, ideas, debate messages (debates opened and comments
on debates and ideas) and events attended (a confirmed registration to an event that is
over). Each kind is read in one grouped query (per person and month), whatever the number
of members.

Inactivity alerts: a member with no activity for `panel.inactivity_days` is reported to the
organisers in one digest notification; the alert is recorded in the audit log, so the same
member is reported again only after a new activity followed by a new silence.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parvis.agenda.models import Registration, RegistrationStatus
from parvis.comments.models import Comment, Debate
from parvis.consultations.models import Response
from parvis.core import audit
from parvis.core.charts import percent
from parvis.core.models import AuditEntry
from parvis.ideas.models import Idea, Status
from parvis.notifications.models import FOLLOWED_UPDATE
from parvis.notifications.services import notify
from parvis.panels.models import Member, Panel, PanelStatus
from parvis.processes.permissions import process_managers

# The kinds of activity, with their column in the export.
KINDS = {"responses": "reponses", "ideas": "idees", "comments": "messages",
         "events": "evenements"}
ALERT_ACTION = "panel.member_inactive"


@dataclass
class Activity:
    """One member's activity: counts per kind, the months they were active, the latest."""

    responses: int = 0
    ideas: int = 0
    comments: int = 0
    events: int = 0
    last_at: datetime | None = None
    months: set[date] = field(default_factory=set)

    @property
    def total(self) -> int:
        return self.responses + self.ideas + self.comments + self.events

    def add(self, kind: str, month: date, count: int, last_at: datetime) -> None:
        setattr(self, kind, getattr(self, kind) + count)
        self.months.add(month)
        if self.last_at is None or last_at > self.last_at:
            self.last_at = last_at


def local_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def mandate(panel: Panel, at: datetime) -> tuple[datetime, datetime]:
    """The panel's mandate as [start, end), cut at `at`."""
    return local_start(panel.starts_on), min(local_start(panel.ends_on + timedelta(days=1)), at)


def month_of(moment) -> date:
    """The first day of the month of a TruncMonth value (a date or an aware datetime)."""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    return moment.replace(day=1)


def _sources(panel: Panel, at: datetime) -> Iterator[tuple[str, QuerySet, str, str]]:
    """(kind, queryset, person field, date field) of every kind of activity in the panel."""
    space = panel.space_process_id
    addressed = Q(consultation__panel=panel) | Q(consultation__evaluated_panels=panel)
    if space is not None:
        addressed |= Q(consultation__process_id=space)
    yield "responses", Response.objects.filter(addressed, is_draft=False), "respondent", (
        "submitted_at")
    if space is None:
        return
    published = Idea.objects.filter(box__process_id=space).exclude(status=Status.DRAFT)
    yield "ideas", published, "author", "published_at"
    in_space = Q(debate__process_id=space) | Q(idea__box__process_id=space)
    yield "comments", Comment.objects.filter(in_space, deleted_at=None), "author", "created_at"
    yield "comments", Debate.objects.filter(process_id=space), "author", "created_at"
    attended = Registration.objects.filter(event__process_id=space, event__ends_at__lte=at,
                                           status=RegistrationStatus.CONFIRMED)
    yield "events", attended, "user", "event__starts_at"


def activities(panel: Panel, members: Iterable[Member], at: datetime | None = None
               ) -> dict[int, Activity]:
    """{member pk: Activity} over the panel's mandate until `at` (now)."""
    at = at or timezone.now()
    members = list(members)
    result = {member.pk: Activity() for member in members}
    by_user = {member.user_id: result[member.pk] for member in members if member.user_id}
    if not by_user:
        return result
    start, end = mandate(panel, at)
    for kind, queryset, person, moment in _sources(panel, at):
        rows = (
            queryset.filter(**{f"{person}__in": list(by_user), f"{moment}__gte": start,
                               f"{moment}__lt": end})
            .annotate(month=TruncMonth(moment))
            .values(person, "month")
            .annotate(count=Count("pk", distinct=True), last_at=Max(moment))
            .order_by()
        )
        for row in rows:
            by_user[row[person]].add(kind, month_of(row["month"]), row["count"], row["last_at"])
    return result


def panel_members(panel: Panel) -> QuerySet[Member]:
    return panel.members.select_related("user", "volunteer").order_by("joined_at", "pk")


# Participation over time -------------------------------------------------------------------


@dataclass(frozen=True)
class MonthRate:
    month: date
    members: int  # members of the panel during (part of) the month
    participants: int  # of whom had an activity that month

    @property
    def percent(self) -> float:
        return percent(self.participants, self.members)


def next_month(month: date) -> date:
    """The first day of the month after `month` (a first day of month)."""
    return (month + timedelta(days=32)).replace(day=1)


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def participation_by_month(panel: Panel, members: list[Member],
                           activity: dict[int, Activity], at: datetime) -> list[MonthRate]:
    """Share of the members with an activity, for each month of the mandate so far."""
    last_day = min(panel.ends_on, timezone.localdate(at))
    rates = []
    for month in months_between(panel.starts_on, last_day):
        following = local_start(next_month(month))
        present = [member for member in members if member.joined_at < following and (
            member.withdrawn_at is None or member.withdrawn_at >= local_start(month))]
        active = sum(month in activity[member.pk].months for member in present)
        rates.append(MonthRate(month, len(present), active))
    return rates


# Inactivity -------------------------------------------------------------------------------


def quiet_since(panel: Panel, member: Member, activity: Activity) -> datetime:
    """Since when the member has done nothing: their last activity, else their arrival (or
    the start of the mandate if they came earlier)."""
    arrival = max(member.joined_at, local_start(panel.starts_on))
    return activity.last_at or arrival


def inactive_members(panel: Panel, members: list[Member], activity: dict[int, Activity],
                     at: datetime) -> list[Member]:
    """Active members with no activity for `panel.inactivity_days`, quietest first."""
    limit = at - timedelta(days=panel.inactivity_days)
    quiet = [member for member in members if member.is_active
             and quiet_since(panel, member, activity[member.pk]) <= limit]
    return sorted(quiet, key=lambda member: quiet_since(panel, member, activity[member.pk]))


def last_alerts(members: list[Member]) -> dict[int, datetime]:
    """{member pk: when their latest inactivity alert was sent}."""
    rows = (AuditEntry.objects.filter(action=ALERT_ACTION, target_type="panels.member",
                                      target_id__in=[str(member.pk) for member in members])
            .values("target_id").annotate(last=Max("at")).order_by())
    return {int(row["target_id"]): row["last"] for row in rows}


def display_name(member: Member) -> str:
    """How organisers name a member in alerts: their pseudonym (else the pool id)."""
    return member.user.pseudonym if member.user_id else member.volunteer.pool_id


@transaction.atomic
def send_inactivity_alerts(panel: Panel, at: datetime | None = None) -> list[Member]:
    """Report the members newly inactive to the organisers, in one notification each;
    returns the members reported."""
    at = at or timezone.now()
    if panel.status != PanelStatus.ACTIVE or not (
            panel.starts_on <= timezone.localdate(at) <= panel.ends_on):
        return []
    members = list(panel_members(panel).filter(withdrawn_at=None))
    activity = activities(panel, members, at)
    alerted = last_alerts(members)
    due = [member for member in inactive_members(panel, members, activity, at)
           if alerted.get(member.pk) is None
           or alerted[member.pk] < quiet_since(panel, member, activity[member.pk])]
    if not due:
        return []
    subject = ngettext(
        "Panel « %(panel)s » : %(count)d membre sans activité depuis %(days)d jours",
        "Panel « %(panel)s » : %(count)d membres sans activité depuis %(days)d jours",
        len(due),
    ) % {"panel": panel.title, "count": len(due), "days": panel.inactivity_days}
    message = _("Sans activité : %(names)s. Le tableau de bord du panel donne le détail.") % {
        "names": ", ".join(display_name(member) for member in due)}
    url = reverse("panels:dashboard", args=[panel.slug])
    for organiser in process_managers(panel.process):
        notify(organiser, kind=FOLLOWED_UPDATE, subject=subject, message=message, url=url)
    for member in due:
        audit.record(None, ALERT_ACTION, member, panel=panel.slug,
                     days=panel.inactivity_days)
    return due


def send_all_inactivity_alerts(at: datetime | None = None) -> dict[str, int]:
    """The daily run over the panels in activity: {panel slug: members reported}."""
    counts = {}
    for panel in Panel.objects.filter(status=PanelStatus.ACTIVE).select_related("process"):
        reported = send_inactivity_alerts(panel, at)
        if reported:
            counts[panel.slug] = len(reported)
    return counts


# Dashboard --------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaRow:
    """A quota value: its target, and how many members have it (drawn, still in the panel,
    active lately: not inactive for the panel's inactivity period)."""

    category: str
    label: str
    minimum: int
    maximum: int
    drawn: int
    active: int
    recently_active: int

    @property
    def below_minimum(self) -> bool:
        return self.active < self.minimum

    @property
    def recently_below_minimum(self) -> bool:
        return self.recently_active < self.minimum


def representativeness(panel: Panel, members: list[Member], inactive: list[Member]
                       ) -> list[QuotaRow]:
    """Each quota value with its members; "active lately" leaves out the inactive ones."""
    quiet = {member.pk for member in inactive}
    rows = []
    for category in panel.categories.prefetch_related("values"):
        for value in category.values.all():
            having = [member for member in members
                      if member.volunteer.profile.get(category.key) == value.key]
            active = [member for member in having if member.is_active]
            lately = [member for member in active if member.pk not in quiet]
            rows.append(QuotaRow(category.name, value.label, value.minimum, value.maximum,
                                 len(having), len(active), len(lately)))
    return rows


@dataclass(frozen=True)
class EvaluationRate:
    consultation: object
    members: int
    respondents: int

    @property
    def percent(self) -> float:
        return percent(self.respondents, self.members)


def evaluation_rate(panel: Panel, members: list[Member]) -> EvaluationRate | None:
    """How many of the members still in the panel answered its evaluation survey."""
    consultation = panel.evaluation_consultation
    if consultation is None:
        return None
    users = [member.user_id for member in members if member.is_active and member.user_id]
    respondents = Response.objects.filter(consultation=consultation, is_draft=False,
                                          respondent__in=users).count()
    return EvaluationRate(consultation, sum(member.is_active for member in members),
                          respondents)


@dataclass
class Dashboard:
    members: list[Member]  # each with its `activity` and `display_name`
    months: list[MonthRate]
    quotas: list[QuotaRow]
    inactive: list[Member]
    evaluation: EvaluationRate | None

    @property
    def active_count(self) -> int:
        return sum(member.is_active for member in self.members)


def dashboard(panel: Panel, at: datetime | None = None) -> Dashboard:
    at = at or timezone.now()
    members = list(panel_members(panel))
    activity = activities(panel, members, at)
    for member in members:
        member.activity = activity[member.pk]
        member.display_name = display_name(member)
    inactive = inactive_members(panel, members, activity, at)
    return Dashboard(
        members=members,
        months=participation_by_month(panel, members, activity, at),
        quotas=representativeness(panel, members, inactive),
        inactive=inactive,
        evaluation=evaluation_rate(panel, members),
    )


def export_rows(panel: Panel, actor, at: datetime | None = None) -> list[list]:
    """The pseudonymised activity table (header first): each member's public pool id,
    profile values, status and activity counts, and the month of their last activity; no
    name, e-mail nor pseudonym. The export is audit-logged."""
    at = at or timezone.now()
    members = list(panel_members(panel))
    activity = activities(panel, members, at)
    keys = list(panel.categories.values_list("key", flat=True))
    rows = [["identifiant_public", *keys, "statut", *KINDS.values(), "derniere_activite"]]
    for member in members:
        done = activity[member.pk]
        rows.append([
            member.volunteer.pool_id,
            *(member.volunteer.profile.get(key, "") for key in keys),
            "actif" if member.is_active else "retire",
            *(getattr(done, kind) for kind in KINDS),
            timezone.localtime(done.last_at).strftime("%Y-%m") if done.last_at else "",
        ])
    audit.record(actor, "panel.activity_exported", panel, count=len(members))
    return rows
