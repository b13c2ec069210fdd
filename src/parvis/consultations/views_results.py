"""Results of a consultation (page, CSV export), moderation of its free-text answers and
the QR codes of its sites. Who sees what is decided in results_access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from parvis.consultations import answer_moderation, exports, qr
from parvis.consultations.models import Consultation, Site
from parvis.consultations.permissions import can_manage, visible_consultations
from parvis.consultations.results_access import can_see_results
from parvis.consultations.results_queries import consultation_results
from parvis.core.pagination import page_of

PAGE_SIZE = 30


def visible_consultation(request, slug: str) -> Consultation:
    queryset = visible_consultations(request.user).select_related("process")
    return get_object_or_404(queryset, slug=slug)


def managed_consultation(request, slug: str) -> Consultation:
    consultation = visible_consultation(request, slug)
    if not can_manage(request.user, consultation):
        raise PermissionDenied
    return consultation


@require_safe
def results(request, slug):
    consultation = visible_consultation(request, slug)
    if not can_see_results(request.user, consultation):
        return render(request, "consultations/results/unavailable.html",
                      {"consultation": consultation}, status=403)
    site_slug = request.GET.get("site")
    site = get_object_or_404(consultation.sites, slug=site_slug) if site_slug else None
    return render(request, "consultations/results/results.html", {
        "consultation": consultation,
        "results": consultation_results(consultation, site),
        "can_manage": can_manage(request.user, consultation),
    })


@require_safe
def export_csv(request, slug):
    consultation = visible_consultation(request, slug)
    if not can_see_results(request.user, consultation):
        raise PermissionDenied
    response = StreamingHttpResponse(exports.csv_lines(consultation),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-reponses.csv"'
    return response


@login_required
@require_safe
def moderation(request, slug):
    consultation = managed_consultation(request, slug)
    page = page_of(request, answer_moderation.pending_texts(consultation), PAGE_SIZE)
    return render(request, "consultations/results/moderation.html",
                  {"consultation": consultation, "page_obj": page})


@login_required
@require_POST
def moderate(request, slug, pk):
    consultation = managed_consultation(request, slug)
    answer = get_object_or_404(answer_moderation.pending_texts(consultation), pk=pk)
    if request.POST.get("decision") == "publish":
        answer_moderation.publish(request.user, answer)
        messages.success(request, _("La réponse est publiée."))
    elif request.POST.get("decision") == "reject":
        answer_moderation.reject(request.user, answer)
        messages.success(request, _("La réponse est écartée : elle ne sera pas publiée."))
    return redirect("consultations:results_moderation", slug=consultation.slug)


@login_required
@require_safe
def qr_sheet(request, slug):
    consultation = managed_consultation(request, slug)
    sites = [(site, qr.answering_url(site)) for site in consultation.sites.all()]
    return render(request, "consultations/results/qr_sheet.html",
                  {"consultation": consultation, "sites": sites})


@login_required
@require_safe
def qr_code(request, slug, site, kind):
    consultation = managed_consultation(request, slug)
    site = get_object_or_404(Site, consultation=consultation, slug=site)
    response = HttpResponse(qr.image(site, kind), content_type=qr.KINDS[kind])
    filename = f"qr-{consultation.slug}-{site.slug}.{kind}"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
