"""Public pages of the agenda (list, month, event, registering, cancelling), the iCalendar
files and the organisers' attendee export. Every page works without JavaScript."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from parvis.agenda import ical, jsonld, selectors, services
from parvis.agenda.forms import EventFilterForm, RegistrationForm
from parvis.agenda.models import Event, RegistrationStatus
from parvis.agenda.permissions import can_manage_event
from parvis.core import spreadsheets
from parvis.core.models import Commune
from parvis.core.pagination import page_of
from parvis.core.throttle import client_ip
from parvis.processes.models import Process

PAGE_SIZE = 20


@require_safe
def event_list(request):
    form = EventFilterForm(request.GET or None)
    events = selectors.filtered(selectors.public_events(), form.filters())
    page = page_of(request, events, PAGE_SIZE)
    return render(request, "agenda/list.html", {"form": form, "page_obj": page})


@require_safe
def event_month(request, year=None, month=None):
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not (1 <= month <= 12 and 1900 < year < 3000):
        raise Http404
    previous, following = selectors.shift_month(year, month, -1), selectors.shift_month(
        year, month, 1)
    weeks = selectors.month_grid(selectors.public_events(), year, month)
    return render(request, "agenda/month.html", {
        "weeks": weeks,
        "has_events": any(day.events for week in weeks for day in week if day.in_month),
        "month_start": date(year, month, 1),
        "today": today,
        "previous_url": reverse("agenda:month", args=previous),
        "next_url": reverse("agenda:month", args=following),
    })


def visible_event(request, slug):
    return get_object_or_404(
        selectors.visible_events(request.user).prefetch_related("documents"), slug=slug
    )


@require_safe
def event_detail(request, slug):
    event = visible_event(request, slug)
    seats_left = services.seats_left(event)
    registration = selectors.registration_at(event, request.user)
    return render(request, "agenda/detail.html", {
        "event": event,
        "seats_left": seats_left,
        "decision": services.registration_decision(event, request.user),
        "registration": registration,
        "cancel_url": cancel_path(registration),
        "calendar_links": ical.calendar_links(event),
        "structured_data": jsonld.script(jsonld.event_data(event, seats_left)),
        "can_manage": can_manage_event(request.user, event),
    })


def cancel_path(registration) -> str:
    """The cancellation page of a registration holding seats or a place in line."""
    if registration is None or registration.status not in services.HOLDING:
        return ""
    return reverse("agenda:cancel", args=[services.cancellation_token(registration)])


@login_required
@require_safe
def my_registrations(request):
    """« Mes inscriptions »: the person's events to come, then the past ones (paginated)."""
    now = timezone.now()
    registrations = selectors.registrations_of(request.user)
    past = Paginator(registrations.filter(event__ends_at__lte=now).reverse(), PAGE_SIZE)
    return render(request, "agenda/mine.html", {
        "upcoming": [(registration, cancel_path(registration),
                      ical.calendar_links(registration.event))
                     for registration in registrations.filter(event__ends_at__gt=now)],
        "past": past.get_page(request.GET.get("page")),
    })


@require_safe
def event_place(request, slug):
    """GeoJSON of the event's place, for the on-demand map."""
    event = visible_event(request, slug)
    features = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
        "properties": {"title": event.title, "url": event.get_absolute_url(),
                       "category": event.place_name, "status_label": event.address},
    }] if event.has_point else []
    return JsonResponse({"type": "FeatureCollection", "features": features})


REGISTERED_MESSAGES = {
    RegistrationStatus.CONFIRMED: gettext_lazy(
        "Vous êtes inscrit·e : un e-mail de confirmation vous a été envoyé."),
    RegistrationStatus.WAITING: gettext_lazy(
        "L'événement est complet : vous êtes sur la liste d'attente et serez prévenu·e par"
        " e-mail si une place se libère."),
}


def pending_message() -> str:
    hours = services.confirmation_hours()
    return ngettext(
        "Vérifiez votre boîte : confirmez votre inscription avec le lien reçu (valable"
        " %(hours)d heure). Aucune place n'est retenue avant.",
        "Vérifiez votre boîte : confirmez votre inscription avec le lien reçu (valable"
        " %(hours)d heures). Aucune place n'est retenue avant.",
        hours,
    ) % {"hours": hours}


@never_cache
def register(request, slug):
    event = visible_event(request, slug)
    decision = services.registration_decision(event, request.user)
    form = RegistrationForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and decision and form.is_valid():
        try:
            registration = services.register(event, user=request.user,
                                             ip_address=client_ip(request),
                                             **form.cleaned_data)
        except services.RegistrationError as error:
            form.add_error(None, error.message)
            if isinstance(error, services.TooManyRegistrations):
                status = 429
        else:
            # An address not proven reads the same answer whether it was registered already
            # or not: only its holder is told, by e-mail.
            proven = services.holds_confirmed_address(request.user, registration.email)
            messages.success(request, REGISTERED_MESSAGES[registration.status] if proven
                             else pending_message())
            return redirect(event)
    return render(request, "agenda/register.html", {
        "event": event, "form": form, "decision": decision,
        "seats_left": services.seats_left(event),
        "confirmation_hours": services.confirmation_hours(),
    }, status=status)


@never_cache
def confirm(request, token):
    """The link e-mailed to a pending registration. A GET only shows a button, so that mail
    scanners that open links confirm nothing; the POST confirms. Afterwards the link is the
    registration's page, with its cancellation link."""
    try:
        registration = services.open_confirmation(token)
        if request.method == "POST" and registration.status == RegistrationStatus.PENDING:
            registration = services.confirm(token)
            messages.success(request, REGISTERED_MESSAGES[registration.status])
            return redirect(request.path)
    except signing.BadSignature:
        raise Http404 from None
    except services.ConfirmationRefused as refusal:
        return render(request, "agenda/confirm.html", {
            "registration": refusal.registration, "error": refusal.message,
        }, status=410)
    return render(request, "agenda/confirm.html", {
        "registration": registration,
        "hours": services.confirmation_hours(),
        "cancel_url": cancel_path(registration),
        "calendar_links": ical.calendar_links(registration.event),
    })


@never_cache
def cancel(request, token):
    """Cancelling through the link of the e-mails (no account needed: the link is signed)."""
    registration = services.registration_from_token(token)
    if registration is None:
        raise Http404
    if request.method == "POST":
        services.cancel(registration)
        messages.success(request, _("Votre inscription est annulée."))
        return redirect(registration.event)
    return render(request, "agenda/cancel.html", {"registration": registration})


def calendar_response(events, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(ical.calendar(events, name),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


@require_safe
def event_ics(request, slug):
    event = visible_event(request, slug)
    return calendar_response([event], event.title, event.slug)


@require_safe
def feed(request):
    return calendar_response(selectors.public_events(), _("Agenda de la participation"),
                             "agenda")


@require_safe
def commune_feed(request, slug):
    commune = get_object_or_404(Commune, slug=slug)
    return calendar_response(selectors.public_events().filter(commune=commune),
                             _("Agenda de la participation — %s") % commune.name, slug)


@require_safe
def process_feed(request, slug):
    process = get_object_or_404(Process.objects.published(), slug=slug)
    return calendar_response(selectors.public_events().filter(process=process),
                             _("Agenda de la participation — %s") % process.title, slug)


@never_cache
@require_safe
def attendees(request, slug):
    """CSV of the people registered, for the event's organisers only (audit-logged)."""
    event = get_object_or_404(Event, slug=slug)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscriptions-{event.slug}.csv"'
    writer = spreadsheets.Writer(response)
    writer.writerow([_("nom"), _("adresse e-mail"), _("places"), _("statut"), _("inscrit·e le")])
    for registration in services.export_attendees(event, request.user):
        writer.writerow([registration.name, registration.email, registration.seats,
                         registration.get_status_display(),
                         timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M")])
    return response
