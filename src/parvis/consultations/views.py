"""Public consultation pages: the list of open consultations and the answering form."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from parvis.consultations import permissions, results_access, services
from parvis.consultations.forms import answer_sections
from parvis.core.throttle import client_ip

PAGE_SIZE = 20
DEVICE_COOKIE = "parvis_consultation_device"
DEVICE_COOKIE_SALT = "parvis.consultations.device"
DEVICE_COOKIE_AGE = 365 * 24 * 3600


# The list's sections: (query value, title, the consultations at a moment).
SECTIONS = [
    ("ouvertes", gettext_lazy("Ouvertes"),
     lambda consultations, now: consultations.open_at(now).order_by("closes_at", "pk")),
    ("a-venir", gettext_lazy("À venir"),
     lambda consultations, now: consultations.filter(opens_at__gt=now).order_by("opens_at",
                                                                                 "pk")),
    ("closes", gettext_lazy("Closes"),
     lambda consultations, now: consultations.filter(closes_at__lte=now).order_by(
         "-closes_at", "pk")),
]
SECTIONS_NAMES = {name for name, _title, _select in SECTIONS}


@require_safe
def consultation_list(request):
    """Open, upcoming and closed consultations, each section with its first page; `etat`
    shows one section alone, paginated. A closed one links its results when they are public."""
    now = timezone.now()
    visible = permissions.visible_consultations(request.user).published().select_related(
        "process")
    state = request.GET.get("etat", "")
    sections = []
    for name, title, select in SECTIONS:
        if state in SECTIONS_NAMES and state != name:
            continue
        page = Paginator(select(visible, now), PAGE_SIZE).get_page(
            request.GET.get("page") if state == name else 1)
        for consultation in page:
            consultation.results_public = results_access.results_are_public(consultation, now)
        sections.append({"name": name, "title": title, "page": page})
    return render(request, "consultations/list.html", {
        "sections": sections, "alone": state in SECTIONS_NAMES})


def _as_query_dict(data: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, values in data.items():
        query.setlist(name, values)
    return query


def _submit(request, consultation, questions, token, site):
    """Read and save the POST; returns an HTTP response on success, else the errors."""
    draft = "draft" in request.POST and request.user.is_authenticated and (
        consultation.is_identified)
    reading = services.read(questions, request.POST, draft=draft)
    if not reading.is_valid:
        return None, reading.errors, 200
    try:
        services.save_response(consultation, request.user, reading.values, draft=draft,
                               device_token=token, site=site, ip_address=client_ip(request))
    except services.AlreadyAnswered:
        messages.error(request, _("Vous avez déjà répondu à cette consultation."))
    except services.TooManyResponses:
        message = _("Trop de réponses ont été envoyées depuis votre connexion : réessayez"
                    " dans une heure.")
        return None, {0: message}, 429
    else:
        messages.success(request, _("Votre brouillon est enregistré.") if draft else _(
            "Merci, votre réponse est enregistrée."))
    page = redirect(consultation.get_absolute_url())
    if not consultation.is_identified:
        page.set_signed_cookie(DEVICE_COOKIE, token, salt=DEVICE_COOKIE_SALT,
                               max_age=DEVICE_COOKIE_AGE, httponly=True, samesite="Lax",
                               secure=settings.SESSION_COOKIE_SECURE)
    return page, {}, 200


def answer(request, slug):
    consultation = get_object_or_404(
        permissions.visible_consultations(request.user).select_related("process"), slug=slug
    )
    preview = "apercu" in request.GET and permissions.can_manage(request.user, consultation)
    site = consultation.sites.filter(slug=request.GET.get("site", "")).first()
    decision = permissions.answer_decision(consultation, request.user)
    token = request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_COOKIE_SALT)
    existing = services.find_response(consultation, request.user, token)
    may_answer = bool(decision) and services.can_change(consultation, existing)
    questions = services.questions_of(consultation)
    errors, status = {}, 200
    if request.method == "POST" and may_answer:
        page, errors, status = _submit(request, consultation, questions,
                                       token or services.new_device_token(), site)
        if page is not None:
            return page
        data = request.POST
    else:
        data = _as_query_dict(services.form_data(questions, existing))
    specs = {question.pk: services.spec_of(question) for question in questions}
    answered = existing is not None and not existing.is_draft
    # Once answered, the page sums up the answers; the form comes back to change them.
    editing = not answered or "modifier" in request.GET or bool(errors)
    context = {
        "consultation": consultation,
        "decision": decision,
        "preview": preview,
        "show_form": (may_answer and editing or preview) and not consultation.is_closed(),
        "summary": services.summary(questions, existing) if answered else [],
        "can_change": answered and may_answer and not editing,
        "results_visible": results_access.can_see_results(request.user, consultation),
        "can_submit": may_answer,
        "existing": existing,
        "site": site,
        "sections": answer_sections(questions, specs, data, errors),
        "general_error": errors.get(0, ""),
        "has_errors": bool(errors),
        "can_save_draft": request.user.is_authenticated and consultation.is_identified and (
            existing is None or existing.is_draft),
    }
    return render(request, "consultations/answer.html", context, status=status)
