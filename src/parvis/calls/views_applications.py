"""Pages of calls for projects and applications: the calls (public), applying (a draft saved
at any time, then submitted before the deadline), the read-only application, its letters of
intent (contact, organisers and jury only) and the organisers' admissibility review. Every
page works without JavaScript: rows are added by a submit button, server-side."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parvis.calls import applications
from parvis.calls.applications import ApplicationError, Incomplete
from parvis.calls.forms import ApplicationForms, ReviewForm
from parvis.calls.models import Application, BudgetLine
from parvis.calls.permissions import can_manage_call, jury_seat
from parvis.core.forms import carried_out
from parvis.core.pagination import page_of

PAGE_SIZE = 20
ADD_ROW = "ajout-"  # prefix of the "add a row" buttons' values: ajout-depenses…


@require_safe
def call_list(request):
    calls = applications.public_calls().select_related("process")
    page = page_of(request, calls, PAGE_SIZE)
    now = timezone.now()
    for call in page:
        call.state = applications.call_state(call, now)
    return render(request, "calls/call_list.html", {"page_obj": page})


@require_safe
def call_detail(request, slug):
    call = get_object_or_404(
        applications.visible_calls(request.user).select_related("process")
        .prefetch_related("criteria"), slug=slug,
    )
    mine = (applications.applications_of(request.user).filter(call=call)
            if request.user.is_authenticated else [])
    return render(request, "calls/call_detail.html", {
        "call": call,
        "state": applications.call_state(call),
        "decision": applications.apply_decision(call, request.user),
        "mine": mine,
        "manages": can_manage_call(request.user, call),
        "seat": jury_seat(request.user, call),
    })


def render_form(request, call, forms, application=None):
    return render(request, "calls/application_form.html", {
        "call": call, "forms": forms, "application": application,
        "missing": applications.missing(application) if application else [],
        "totals": applications.budget_totals(application) if application else None,
        "aid_label": applications.AID_LABEL,
    })


def save_and_continue(request, call, forms, application=None):
    """Save the draft, then submit it, add a row, or come back to it."""
    if not forms.is_valid():
        return render_form(request, call, forms, application)
    try:
        application = forms.save_draft(request.user)
    except ApplicationError as error:
        forms.form.add_error(None, error.message)
        return render_form(request, call, forms, application)
    edit_url = reverse("calls:application_edit", args=[application.pk])
    action = request.POST.get("action", "")
    if action.startswith(ADD_ROW):
        formset = action.removeprefix(ADD_ROW)
        return redirect(f"{edit_url}?ajout={formset}#{formset}")
    if action != "submit":
        messages.success(request, _("Brouillon enregistré. Vous pouvez y revenir à tout moment"
                                    " depuis « Mes candidatures »."))
        return redirect(edit_url)
    try:
        application = applications.submit(application, request.user)
    except Incomplete as error:
        messages.error(request, error.message + " " + _("Voir ce qui manque ci-dessous."))
        return redirect(edit_url)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(edit_url)
    messages.success(request, _("Candidature déposée sous le numéro %s. Un accusé de réception"
                                " vous a été envoyé par e-mail.") % application.reference)
    return redirect("calls:application", application.pk)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request, slug):
    call = get_object_or_404(applications.public_calls().select_related("process"), slug=slug)
    decision = applications.apply_decision(call, request.user)
    if not decision:
        return render(request, "calls/application_closed.html", {"call": call,
                                                                 "decision": decision})
    forms = ApplicationForms(request.POST or None, request.FILES or None, call=call,
                             instance=Application(call=call), more=request.GET.get("ajout", ""))
    if request.method == "POST":
        return save_and_continue(request, call, forms)
    return render_form(request, call, forms)


def readable_application(request, pk) -> Application:
    application = get_object_or_404(applications.with_details(Application.objects), pk=pk)
    if not applications.can_read(request.user, application):
        raise Http404
    return application


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_edit(request, pk):
    application = get_object_or_404(applications.with_details(Application.objects), pk=pk,
                                    contact=request.user)
    if not applications.can_edit(request.user, application):
        messages.error(request, _("Cette candidature ne peut plus être modifiée."))
        return redirect("calls:application", application.pk)
    forms = ApplicationForms(request.POST or None, request.FILES or None, call=application.call,
                             instance=application, more=request.GET.get("ajout", ""))
    if request.method == "POST":
        return save_and_continue(request, application.call, forms, application)
    return render_form(request, application.call, forms, application)


def render_application(request, application, review_form=None):
    manages = can_manage_call(request.user, application.call)
    lines = list(application.budget_lines.all())
    return render(request, "calls/application_detail.html", {
        "application": application,
        "call": application.call,
        "expenses": [line for line in lines if line.kind == BudgetLine.Kind.EXPENSE],
        "resources": [line for line in lines if line.kind == BudgetLine.Kind.RESOURCE],
        "totals": applications.budget_totals(application),
        "indicators": applications.indicator_list(application),
        "is_contact": application.contact_id == request.user.pk,
        "can_edit": applications.can_edit(request.user, application),
        "manages": manages,
        "review_form": review_form or (ReviewForm() if manages else None),
        "reviewable": application.status in applications.REVIEWABLE,
    })


@never_cache
@login_required
@require_safe
def application_detail(request, pk):
    return render_application(request, readable_application(request, pk))


@never_cache
@login_required
@require_POST
def application_review(request, pk):
    application = readable_application(request, pk)
    if not can_manage_call(request.user, application.call):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    reviewed = carried_out(request, form, ApplicationError,
                           lambda data: applications.review(application, request.user,
                                                            data["status"], data["note"]),
                           _("Décision enregistrée ; le contact de la structure est prévenu."))
    if reviewed.succeeded:
        return redirect("calls:application", application.pk)
    return render_application(request, application, form)


@login_required
@require_safe
def my_applications(request):
    page = page_of(request, applications.applications_of(request.user), PAGE_SIZE)
    return render(request, "calls/application_mine.html", {"page_obj": page})
