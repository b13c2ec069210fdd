"""Domain rules of issue reports: submission, routing, following, handling by agents."""

import json
import secrets
import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core import audit, geo, throttle
from parvis.core.errors import DomainError
from parvis.core.mail import queue_mail
from parvis.core.models import Commune, Service
from parvis.core.services import photos
from parvis.core.services.photos import HeldPhoto
from parvis.core.services.territory import locate
from parvis.reports.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Category,
    Follower,
    InternalNote,
    Report,
    RoutingRule,
    Status,
    StatusChange,
)

TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
NEARBY_RADIUS_M = 50


class ReportError(DomainError):
    """A report that cannot be accepted; `field` names the form field concerned, if any."""


def route(category: Category, commune: Commune) -> Service:
    """The service in charge: the most specific routing rule, the parent category's rules,
    then the fallback (a rule with neither category nor commune)."""
    categories = [category.pk] + ([category.parent_id] if category.parent_id else [])
    rules = list(
        RoutingRule.objects.filter(
            Q(category__in=categories) | Q(category__isnull=True),
            Q(commune=commune) | Q(commune__isnull=True),
        ).select_related("service")
    )

    def rank(rule):
        category_rank = (
            0 if rule.category_id == category.pk else 1 if rule.category_id else 2
        )
        return category_rank, rule.commune_id is None

    if not rules:
        raise ReportError(_("Aucun service ne traite ce type de signalement pour le moment."))
    return min(rules, key=rank).service


def resolve_location(commune, latitude, longitude) -> Commune:
    """The commune of a report: deduced from the point when given; a point outside the
    territory is refused."""
    if latitude is not None and longitude is not None:
        located = locate(latitude, longitude)
        if located is None:
            raise ReportError(
                _("Ce point est en dehors du territoire de la métropole. Vérifiez la position"
                  " ou indiquez la commune et l'adresse."),
                field="location",
            )
        return commune or located
    if commune is None:
        raise ReportError(
            _("Indiquez la position du problème ou, à défaut, la commune et l'adresse."),
            field="commune",
        )
    return commune


def submission_hits(reporter, ip_address) -> list[throttle.Hit]:
    """A submission counts per person and per client address, per hour."""
    return [
        throttle.Hit(throttle.Rate("reports.person", settings.REPORTS_PER_HOUR_PER_PERSON, 3600),
                     str(reporter.pk) if reporter is not None else None),
        throttle.Hit(throttle.Rate("reports.client", settings.REPORTS_PER_HOUR_PER_IP, 3600),
                     ip_address),
    ]


def new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))
        if not Report.objects.filter(tracking_code=code).exists():
            return code


@dataclass
class Submission:
    category: Category
    title: str
    description: str
    address: str = ""
    commune: Commune | None = None
    latitude: float | None = None
    longitude: float | None = None
    photo: bytes | HeldPhoto | None = None
    attributes: dict | None = None
    contact_email: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    source: str = Report.Source.WEB


def _throttled() -> ReportError:
    return ReportError(_("Vous avez envoyé beaucoup de signalements en peu de temps. Réessayez"
                         " dans une heure ou appelez le service concerné."))


def check_submission_rate(reporter=None, ip_address=None) -> None:
    """Refuse, before any photo is decoded, a person or address that has used up its hourly
    reports; the check itself counts nothing (`submit_report` does)."""
    reporter = reporter if reporter is not None and reporter.is_authenticated else None
    try:
        throttle.give_back(*throttle.take(*submission_hits(reporter, ip_address)))
    except throttle.Throttled:
        raise _throttled() from None


def submit_report(submission: Submission, reporter=None, ip_address=None) -> Report:
    """Accept a report: check it, route it to its service, and start its history."""
    reporter = reporter if reporter is not None and reporter.is_authenticated else None
    commune = resolve_location(submission.commune, submission.latitude, submission.longitude)
    try:
        with throttle.reserve(*submission_hits(reporter, ip_address)):
            report = _store(submission, reporter, ip_address, commune)
    except throttle.Throttled:
        raise _throttled() from None
    notify_submission(report)
    return report


def _store(submission: Submission, reporter, ip_address, commune: Commune) -> Report:
    photo = photos.held(submission.photo, ReportError)
    with transaction.atomic():
        service = route(submission.category, commune)
        report = Report(
            tracking_code=new_tracking_code(),
            follow_token=secrets.token_urlsafe(32),
            category=submission.category,
            title=submission.title,
            description=submission.description,
            address=submission.address,
            commune=commune,
            latitude=submission.latitude,
            longitude=submission.longitude,
            attributes=submission.attributes or {},
            service=service,
            source=submission.source,
            reporter=reporter,
            contact_email=submission.contact_email,
            contact_name=submission.contact_name,
            contact_phone=submission.contact_phone,
            submitted_ip=ip_address,
        )
        if photo is not None:
            photos.attach(report, photo)
        report.save()
        photos.queue(report)
        StatusChange.objects.create(report=report, status=Status.NEW, service=service)
        if reporter is not None or submission.contact_email:
            Follower.objects.create(report=report, user=reporter,
                                    email="" if reporter else submission.contact_email)
        audit.record(reporter, "report.submitted", report, service=service.slug,
                     source=submission.source)
    return report


def nearby_open_reports(category: Category, latitude: float, longitude: float,
                        radius_m: float = NEARBY_RADIUS_M) -> list[Report]:
    """Open reports of the same category within radius_m of the point, nearest first."""
    south, west, north, east = geo.box_around(latitude, longitude, radius_m)
    candidates = Report.objects.filter(
        category=category, status__in=OPEN_STATUSES,
        latitude__range=(south, north), longitude__range=(west, east),
    ).select_related("category")[:50]
    located = [
        (geo.distance_m(latitude, longitude, report.latitude, report.longitude), report)
        for report in candidates
    ]
    return [report for distance, report in sorted(located, key=lambda pair: pair[0])
            if distance <= radius_m]


def follow(report: Report, user=None, email: str = "") -> bool:
    """"Moi aussi": count the person in and keep them informed. Returns False when they
    already followed the report."""
    user = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        if user is not None or email:
            lookup = {"user": user} if user is not None else {"user": None, "email": email}
            _follower, created = Follower.objects.get_or_create(report=report, **lookup)
            if not created:
                return False
        Report.objects.filter(pk=report.pk).update(me_too_count=F("me_too_count") + 1)
    report.refresh_from_db(fields=["me_too_count"])
    return True


@transaction.atomic
def change_status(report: Report, actor, status: Status, message: str = "",
                  target_service: Service | None = None,
                  duplicate_of: Report | None = None) -> StatusChange:
    """An agent moves a report forward. Rejection needs a reason (the public message),
    a transfer a target service, a duplicate the original report."""
    status = Status(status)
    message = message.strip()
    if status == report.status and not message:
        raise ReportError(_("Le signalement a déjà ce statut : ajoutez un message public ou"
                            " choisissez un autre statut."), field="status")
    if status == Status.REJECTED and not message:
        raise ReportError(_("Indiquez le motif du rejet : il sera communiqué publiquement."),
                          field="message")
    if status == Status.TRANSFERRED:
        if target_service is None or target_service.pk == report.service_id:
            raise ReportError(_("Choisissez le service vers lequel transférer ce signalement."),
                              field="target_service")
        report.service = target_service
    if status == Status.DUPLICATE:
        if duplicate_of is None or duplicate_of.pk == report.pk or duplicate_of.duplicate_of_id:
            raise ReportError(_("Indiquez le numéro du signalement original."),
                              field="duplicate_of")
        merge_followers(report, duplicate_of)
        report.duplicate_of = duplicate_of
    now = timezone.now()
    previous = report.status
    report.status = status
    report.updated_at = now
    if report.first_response_at is None:
        report.first_response_at = now
    report.closed_at = now if status in CLOSED_STATUSES else None
    report.save(update_fields=["status", "service", "duplicate_of", "updated_at",
                               "first_response_at", "closed_at"])
    change = StatusChange.objects.create(
        report=report, status=status, previous_status=previous, message=message,
        service=report.service, author=actor, at=now,
    )
    audit.record(actor, "report.status_changed", report, status=status, previous=previous,
                 service=report.service.slug)
    transaction.on_commit(lambda: notify_followers(report, change))
    return change


def merge_followers(duplicate: Report, original: Report) -> None:
    """Followers of a duplicate follow the original, each person once."""
    for follower in duplicate.followers.all():
        lookup = {"user": follower.user} if follower.user_id else {"user": None,
                                                                  "email": follower.email}
        Follower.objects.get_or_create(report=original, **lookup)
    Report.objects.filter(pk=original.pk).update(
        me_too_count=F("me_too_count") + duplicate.me_too_count
    )


def add_note(report: Report, actor, text: str) -> InternalNote:
    note = InternalNote.objects.create(report=report, author=actor, text=text.strip())
    audit.record(actor, "report.note_added", report)
    return note


def follower_addresses(report: Report) -> list[str]:
    addresses = {
        follower.user.email if follower.user_id else follower.email
        for follower in report.followers.select_related("user")
        if (follower.user_id and follower.user.is_active) or follower.email
    }
    return sorted(address for address in addresses if address)


def notify_followers(report: Report, change: StatusChange) -> None:
    context = {"report": report, "change": change}
    subject = _("Signalement %(code)s : %(status)s") % {
        "code": report.tracking_code, "status": change.get_status_display()
    }
    body = render_to_string("reports/email/status_changed.txt", context)
    queue_mail(follower_addresses(report), subject, body)


def notify_submission(report: Report) -> None:
    """Acknowledge to the reporter (with the private follow-up link) and alert the service."""
    context = {"report": report}
    reporter_address = report.reporter.email if report.reporter_id else report.contact_email
    if reporter_address:
        queue_mail(reporter_address,
                   _("Signalement %(code)s bien reçu") % {"code": report.tracking_code},
                   render_to_string("reports/email/received.txt", context))
    if report.service.email:
        queue_mail(report.service.email,
                   _("Nouveau signalement %(code)s") % {"code": report.tracking_code},
                   render_to_string("reports/email/new_for_service.txt", context))


@dataclass(frozen=True)
class ServiceFigures:
    service: Service
    open_count: int
    median_first_response: timedelta | None
    median_resolution: timedelta | None


def _median(durations: list[timedelta]) -> timedelta | None:
    return statistics.median(durations) if durations else None


def service_figures(services, since=None) -> list[ServiceFigures]:
    """Open reports, median time to first answer and to resolution, per service."""
    since = since or timezone.now() - timedelta(days=365)
    figures = []
    for service in services:
        reports = Report.objects.filter(service=service)
        answered = reports.filter(created_at__gte=since, first_response_at__isnull=False)
        resolved = reports.filter(created_at__gte=since, status=Status.RESOLVED)
        figures.append(ServiceFigures(
            service=service,
            open_count=reports.filter(status__in=OPEN_STATUSES).count(),
            median_first_response=_median([
                first - created for created, first
                in answered.values_list("created_at", "first_response_at")
            ]),
            median_resolution=_median([
                closed - created for created, closed
                in resolved.values_list("created_at", "closed_at")
            ]),
        ))
    return figures


def purge_contacts(now) -> int:
    """Delete reporters' private contact details a retention period after closure."""
    limit = now - timedelta(days=settings.RETENTION_DAYS["report_contacts"])
    closed = Report.objects.filter(closed_at__lt=limit, contact_purged_at__isnull=True)
    Follower.objects.filter(report__in=closed, user__isnull=True).delete()
    return closed.update(contact_email="", contact_name="", contact_phone="",
                         submitted_ip=None, contact_purged_at=now)


CATEGORIES_FILE = settings.BASE_DIR / "reports" / "data" / "categories.json"


@transaction.atomic
def load_default_categories() -> int:
    """The metropolis' usual categories and sub-categories (idempotent, by slug)."""
    count = 0
    for order, data in enumerate(json.loads(CATEGORIES_FILE.read_text(encoding="utf-8"))):
        parent, _created = Category.objects.update_or_create(
            slug=data["slug"],
            defaults={"name": data["name"], "description": data["description"], "order": order},
        )
        count += 1
        for child_order, child in enumerate(data["children"]):
            Category.objects.update_or_create(
                slug=child["slug"],
                defaults={"name": child["name"], "parent": parent, "order": child_order},
            )
            count += 1
    return count
