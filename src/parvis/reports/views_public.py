"""Citizen pages of issue reports: report a problem, say "moi aussi", follow a report, and
browse the public list and map. Every page works without JavaScript.

The client address used for rate limiting is REMOTE_ADDR, or behind the reverse proxies
named in TRUSTED_PROXIES the address they forward (see `parvis.core.throttle.client_ip`).
"""


from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from parvis.core.forms import add_domain_error
from parvis.core.pagination import CappedPaginator, page_of
from parvis.core.throttle import client_ip
from parvis.reports import tracking
from parvis.reports.forms import MapFilterForm, MeTooForm, ReportFilterForm, ReportForm
from parvis.reports.forms_follow import FollowLinkForm, TrackingCodeForm
from parvis.reports.models import Report, Status, StatusChange, public_coordinate
from parvis.reports.services import ReportError, check_submission_rate, follow, submit_report

PAGE_SIZE = 20
SUBMITTED_KEY = "reports_submitted"  # session: the report just sent, for the thank-you note


def public_reports():
    return Report.objects.select_related("category__parent", "commune")


def detailed_reports():
    history = Prefetch("history", queryset=StatusChange.objects.select_related("service"))
    return public_reports().select_related("reporter", "duplicate_of").prefetch_related(history)


def report_new(request):
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            response = submit_or_show_nearby(request, form)
            if response is not None:
                return response
    else:
        form = ReportForm(user=request.user)
    return render(request, "reports/public/new.html", {
        "form": form,
    })


def submit_or_show_nearby(request, form):
    """Show the open reports of the same kind nearby (once), else create the report.
    Returns None when the report was refused (the form then carries the errors)."""
    try:
        check_submission_rate(request.user, client_ip(request))
    except ReportError as error:
        form.drop_photo()  # before the photo is kept
        add_domain_error(form, error)
        return None
    try:
        nearby = [] if form.cleaned_data["confirm"] else form.nearby_reports()
        if nearby:
            return render(request, "reports/public/nearby.html", {
                "form": form,
                "nearby": nearby,
                "email": form.cleaned_data.get("contact_email", ""),
            })
        report = submit_report(form.submission(), reporter=request.user,
                               ip_address=client_ip(request))
    except ReportError as error:
        add_domain_error(form, error, fields={"location": "latitude"})
        return None
    request.session[SUBMITTED_KEY] = report.tracking_code
    return redirect("reports:follow", token=report.follow_token)


def render_detail(request, report, template="reports/public/detail.html", me_too_form=None,
                  status=200, **context):
    return render(request, template, {
        "report": report,
        "me_too_form": me_too_form or MeTooForm(user=request.user),
        **context,
    }, status=status)


@require_safe
def report_detail(request, code):
    return render_detail(request, get_object_or_404(detailed_reports(), tracking_code=code))


@never_cache
@require_safe
def follow_up(request, token):
    """The reporter's private page (its address is the secret)."""
    report = get_object_or_404(detailed_reports(), follow_token=token)
    return render_follow_up(request, report, FollowLinkForm())


def render_follow_up(request, report, link_form, status=200):
    return render_detail(
        request, report, "reports/public/follow.html",
        just_submitted=request.session.pop(SUBMITTED_KEY, None) == report.tracking_code,
        follow_url=tracking.follow_url(report),
        emailed=bool(report.reporter_id or report.contact_email),
        link_form=link_form, status=status, reporter_view=True,
    )


@never_cache
@require_POST
def send_follow_link(request, token):
    """« M'envoyer le lien par e-mail », from the private page."""
    report = get_object_or_404(detailed_reports(), follow_token=token)
    form = FollowLinkForm(request.POST)
    if form.is_valid():
        try:
            tracking.send_follow_link(report, form.cleaned_data["email"], client_ip(request))
        except tracking.FollowLinkRefused as error:
            add_domain_error(form, error)
            return render_follow_up(request, report, form, status=429)
        messages.success(request, _("Le lien de suivi vous a été envoyé par e-mail."))
        return redirect("reports:follow", token=token)
    return render_follow_up(request, report, form)


@require_safe
def lookup(request):
    """« Suivre un signalement »: its tracking code leads to its page."""
    form = TrackingCodeForm(request.GET or None)
    if form.is_valid():
        report = Report.objects.filter(tracking_code=form.cleaned_data["code"]).first()
        if report is not None:
            return redirect(report)
        form.add_error("code", _("Aucun signalement ne porte ce numéro : vérifiez-le."))
    return render(request, "reports/public/lookup.html", {"form": form})


@require_POST
def me_too(request, code):
    report = get_object_or_404(detailed_reports(), tracking_code=code)
    form = MeTooForm(request.POST, user=request.user)
    if not report.is_open:
        messages.error(request, _("Ce signalement est clos : il n'est plus possible de s'y"
                                  " associer."))
    elif not form.is_valid():
        return render_detail(request, report, me_too_form=form)
    elif follow(report, user=request.user, email=form.cleaned_data.get("email", "")):
        informed = request.user.is_authenticated or form.cleaned_data.get("email")
        messages.success(request, _("Merci : vous serez informé·e par e-mail de la suite.")
                         if informed else _("Merci : votre « moi aussi » est compté."))
    else:
        messages.info(request, _("Vous suivez déjà ce signalement."))
    return redirect(report)


@login_required
@require_safe
def my_reports(request):
    reports = public_reports().filter(
        Q(reporter=request.user) | Q(followers__user=request.user)
    ).distinct()
    page = page_of(request, reports, PAGE_SIZE, CappedPaginator)
    return render(request, "reports/public/mine.html", {"page_obj": page})


@require_safe
def report_list(request):
    form = ReportFilterForm(request.GET or None)
    page = page_of(request, form.filter(public_reports()), PAGE_SIZE, CappedPaginator)
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(request, "reports/public/list.html", {
        "form": form,
        "page_obj": page,
        "map_source": f"{reverse('reports:map_data')}?{filters.urlencode()}",
    })


@require_safe
def map_data(request):
    """GeoJSON of the reports that have a point: no personal data, newest first, at most
    REPORTS_MAP_MAX_FEATURES (then `truncated` is true)."""
    form = MapFilterForm(request.GET)
    if not form.is_valid():
        name, errors = next(iter(form.errors.as_data().items()))
        code = "invalid_bbox" if name == "bbox" else "invalid_filter"
        return JsonResponse({"detail": f"{name} : {errors[0].messages[0]}", "code": code},
                            status=400)
    limit = settings.REPORTS_MAP_MAX_FEATURES
    rows = list(
        form.filter(Report.objects.filter(latitude__isnull=False, longitude__isnull=False))
        .values_list("tracking_code", "title", "category__name", "status", "latitude",
                     "longitude")[:limit + 1]
    )
    labels = dict(Status.choices)
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": code,
                "geometry": {"type": "Point", "coordinates": [public_coordinate(longitude),
                                                              public_coordinate(latitude)]},
                "properties": {
                    "title": title,
                    "category": category,
                    "status": status,
                    "status_label": str(labels[status]),
                    "url": reverse("reports:detail", args=[code]),
                },
            }
            for code, title, category, status, latitude, longitude in rows[:limit]
        ],
    }
    if len(rows) > limit:
        collection["truncated"] = True
    return JsonResponse(collection, content_type="application/geo+json")
