"""Pages of the jury: composition (organisers), the jurors' space (declarations of interests
and scores), the deliberation with decisions and the report (organisers), and the public
page of the laureates. Every page works without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from parvis.calls import adoptions, decisions, jury, report
from parvis.calls.applications import public_calls
from parvis.calls.forms_jury import DecisionForm, InterestsForm, JurorForm, ScoresForm
from parvis.calls.models import Call, JuryMember
from parvis.calls.permissions import can_manage_call, jury_seat
from parvis.core import audit, modules
from parvis.core.forms import add_domain_error


def managed_call(request, slug) -> Call:
    call = get_object_or_404(Call, slug=slug)
    if not can_manage_call(request.user, call):
        raise PermissionDenied
    return call


def seat(request, slug) -> JuryMember:
    call = get_object_or_404(Call, slug=slug)
    juror = jury_seat(request.user, call)
    if juror is None:
        raise PermissionDenied
    return juror


def add_error(form, error: jury.JuryError) -> None:
    add_domain_error(form, error)


# Composition (organisers) ----------------------------------------------------------------


@never_cache
@login_required
def jury_members(request, slug):
    call = managed_call(request, slug)
    form = JurorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = jury.find_account(form.cleaned_data["email"])
            jury.assign_juror(request.user, call, user,
                              is_elected_official=form.cleaned_data["is_elected_official"],
                              title=form.cleaned_data["title"].strip())
        except jury.JuryError as error:
            form.add_error("email", error.message)
        else:
            messages.success(request, _("%s rejoint le jury.") % user)
            return redirect("calls:jury_members", call.slug)
    return render(request, "calls/jury_members.html", {
        "call": call, "form": form, "gate": jury.jury_gate(call),
        "jurors": call.jury.select_related("user"),
    })


@require_POST
@login_required
def juror_remove(request, slug, pk):
    call = managed_call(request, slug)
    juror = get_object_or_404(call.jury.select_related("user"), pk=pk)
    try:
        jury.remove_juror(request.user, juror)
    except jury.JuryError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%s ne fait plus partie du jury.") % juror.user)
    return redirect("calls:jury_members", call.slug)


# The jurors' space -----------------------------------------------------------------------


@never_cache
@require_safe
@login_required
def jury_space(request, slug):
    juror = seat(request, slug)
    return render(request, "calls/jury_space.html", {
        "call": juror.call, "juror": juror, "gate": jury.scoring_gate(juror.call),
        "applications": jury.juror_space(juror), "criteria_count": juror.call.criteria.count(),
    })


def jury_application_page(request, juror, application, interests_form=None, scores_form=None):
    declaration = juror.conflicts.filter(application=application).first()
    scores = list(juror.scores.filter(application=application))
    if interests_form is None:
        initial = ({"conflict": "yes" if declaration.has_conflict else "no",
                    "explanation": declaration.explanation} if declaration else None)
        interests_form = InterestsForm(initial=initial)
    gate = jury.application_gate(application)
    return render(request, "calls/jury_application.html", {
        "call": juror.call, "application": application, "declaration": declaration,
        "open": gate,
        # What `jury.scoring_decision` answers, from the gate and declaration read above.
        "scoring": gate and jury.declaration_verdict(declaration),
        "interests_form": interests_form,
        "scores_form": scores_form or ScoresForm(juror.call, scores),
    })


def juror_application(request, slug, pk):
    juror = seat(request, slug)
    application = get_object_or_404(
        jury.jury_applications(juror.call).select_related("call", "decision")
        .prefetch_related("budget_lines", "partners"), pk=pk)
    return juror, application


@never_cache
@require_safe
@login_required
def jury_application(request, slug, pk):
    return jury_application_page(request, *juror_application(request, slug, pk))


@never_cache
@require_POST
@login_required
def jury_interests(request, slug, pk):
    juror, application = juror_application(request, slug, pk)
    form = InterestsForm(request.POST)
    if form.is_valid():
        try:
            jury.declare_interests(juror, application, has_conflict=form.has_conflict,
                                   explanation=form.cleaned_data["explanation"].strip())
        except jury.JuryError as error:
            add_error(form, error)
        else:
            messages.success(request, _("Votre déclaration d'intérêts est enregistrée."))
            return redirect("calls:jury_application", juror.call.slug, application.pk)
    return jury_application_page(request, juror, application, interests_form=form)


@never_cache
@require_POST
@login_required
def jury_scores(request, slug, pk):
    juror, application = juror_application(request, slug, pk)
    form = ScoresForm(juror.call, [], request.POST)
    if form.is_valid():
        try:
            kept = jury.save_scores(juror, application, form.entries())
        except jury.JuryError as error:
            add_error(form, error)
        else:
            messages.success(request, _(
                "Vos notes sont enregistrées (%(kept)d critère(s) notés sur %(total)d). Vous"
                " pouvez les modifier jusqu'à la clôture de la notation."
            ) % {"kept": kept, "total": len(form.criteria)})
            return redirect("calls:jury", juror.call.slug)
    return jury_application_page(request, juror, application, scores_form=form)


# Deliberation and decisions (organisers) -------------------------------------------------


@never_cache
@require_safe
@login_required
def deliberation(request, slug):
    call = managed_call(request, slug)
    total = decisions.total_granted(call)
    return render(request, "calls/jury_deliberation.html", {
        "call": call, "board": jury.deliberation(call), "gate": decisions.decision_gate(call),
        "total_granted": total,
        "over_budget": call.max_amount is not None and total > call.max_amount,
    })


@never_cache
@login_required
def decision(request, slug, pk):
    call = managed_call(request, slug)
    application = get_object_or_404(
        jury.jury_applications(call).select_related("call", "decision"), pk=pk)
    form = DecisionForm(application, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decisions.record_decision(request.user, application, **form.values())
        except jury.JuryError as error:
            add_error(form, error)
        else:
            messages.success(request, _("La décision sur « %s » est enregistrée ; la structure"
                                        " en est informée.") % application.title)
            return redirect("calls:deliberation", call.slug)
    return render(request, "calls/decision_form.html", {
        "call": call, "application": application, "form": form,
        "gate": decisions.decision_gate(call),
    })


@require_POST
@login_required
def publish_laureates(request, slug):
    call = managed_call(request, slug)
    try:
        decisions.publish_laureates(request.user, call)
    except jury.JuryError as error:
        messages.error(request, error.message)
        return redirect("calls:deliberation", call.slug)
    messages.success(request, _("Les lauréats sont publiés."))
    return redirect("calls:laureates", call.slug)


def report_response(request, call: Call, content, content_type: str, extension: str):
    audit.record(request.user, "calls.jury_report_exported", call, format=extension)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="rapport-du-jury-{call.slug}.{extension}"')
    return response


@never_cache
@require_safe
@login_required
def report_pdf(request, slug):
    call = managed_call(request, slug)
    return report_response(request, call, report.pdf(call), "application/pdf", "pdf")


@never_cache
@require_safe
@login_required
def report_csv(request, slug):
    call = managed_call(request, slug)
    return report_response(request, call, report.csv_text(call), "text/csv; charset=utf-8",
                           "csv")


# Public ----------------------------------------------------------------------------------


@require_safe
def laureates(request, slug):
    call = get_object_or_404(public_calls(), slug=slug)
    if call.laureates_published_at is None:
        raise Http404
    winners = list(decisions.laureates(call))
    return render(request, "calls/laureates.html", {
        "call": call,
        "laureates": list(zip(winners, modules.follow_ups_of(adoptions.PREFIX, winners),
                            strict=True)),
        "total": sum(application.decision.amount or 0 for application in winners),
    })


@login_required
@require_safe
def juries(request):
    """The jury member's way in from the menu: their jury space when they sit on one jury
    being scored, else the list of those juries."""
    seats = list(jury.jury_seats(request.user))
    if len(seats) == 1:
        return redirect("calls:jury", seats[0].call.slug)
    return render(request, "calls/juries.html", {"seats": seats})
