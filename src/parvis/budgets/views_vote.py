"""Voting pages: the ballot, its confirmation and the receipt online; paper ballots typed at
a help desk. Every step is a plain form: JavaScript only updates the budget meter."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parvis.budgets import desk as desk_service
from parvis.budgets import pending, selectors, voting
from parvis.budgets.forms_vote import BallotForm, DeskVoterForm, SessionForm
from parvis.budgets.models import Ballot, BallotFormat, Channel, DeskSession
from parvis.core.formats import euros
from parvis.core.forms import Attempt
from parvis.core.views_verification import IDENTITY_FIELDS, help_desk_view


def _budget(request, slug):
    return get_object_or_404(selectors.budgets_for(request.user), slug=slug)


def _budget_to_vote(request, slug):
    budget = selectors.budget_to_vote(request.user, slug)
    if budget is None:
        raise Http404
    return budget


def _pending(request, budget) -> pending.Pending | None:
    return pending.read(budget, request.user, pending.kept(request, budget))


def _saved_choices(ballot: Ballot | None) -> dict[int, int]:
    if ballot is None:
        return {}
    return dict(ballot.choices.values_list("project_id", "points"))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def vote(request, slug):
    budget = _budget_to_vote(request, slug)
    eligible = voting.eligibility(budget, request.user)
    existing = voting.existing_ballot(budget, request.user)
    refusal = voting.change_refusal(budget, existing) if existing else ""
    context = {"budget": budget, "eligible": eligible, "existing": existing,
               "refusal": refusal, "form": None}
    if eligible and not refusal:
        if request.method == "POST":
            checking = "show_district" not in request.POST
            if checking:  # the rules need the chosen projects only
                chosen = BallotForm(budget, [], data=request.POST).choices
                form = BallotForm(budget, voting.ballot_sections(budget, eligible, chosen),
                                  data=request.POST)
                if form.is_valid():
                    response = redirect("budgets:vote_confirm", budget.slug)
                    pending.keep(response, budget,
                                 pending.sign(budget, request.user, form.choices))
                    return response
            # The whole ballot again, as sent, with its errors when checked.
            form = BallotForm(budget, voting.ballot_sections(budget, eligible),
                              data=request.POST)
            if checking:
                form.is_valid()
        else:
            waiting = _pending(request, budget)  # back from the confirmation to change it
            initial = waiting.choices if waiting else _saved_choices(existing)
            form = BallotForm(budget, voting.ballot_sections(budget, eligible), initial=initial)
        context.update(form=form, rule=voting.format_rule(budget))
        return render(request, "budgets/vote_ballot.html", context)
    # Not eligible, or the ballot may no longer change: the page says why.
    return render(request, "budgets/vote_ballot.html", context,
                  status=403 if request.method == "POST" else 200)


def _summary(form: BallotForm) -> list:
    """The sections of a ballot with only the projects chosen."""
    return [(view, [item for item in view.items if item.checked])
            for view in form.section_views()]


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, slug):
    """The summary of the pending ballot (kept by the browser); its POST, which carries it
    on, stores the ballot."""
    budget = _budget_to_vote(request, slug)
    waiting = _pending(request, budget)
    if waiting is not None and pending.was_confirmed(request, budget, waiting):
        return redirect("budgets:vote_receipt", budget.slug)  # a second click
    if waiting is None:
        if voting.existing_ballot(budget, request.user):
            return redirect("budgets:vote_receipt", budget.slug)
        messages.info(request, _("Choisissez vos projets, puis confirmez votre vote."))
        return redirect("budgets:vote", budget.slug)
    if request.method == "POST":
        return _cast(request, budget, waiting)
    eligible = voting.eligibility(budget, request.user)
    if not eligible:
        messages.error(request, eligible.reason)
        return redirect("budgets:vote", budget.slug)
    sections = voting.ballot_sections(budget, eligible, chosen=waiting.choices)
    form = BallotForm(budget, sections, initial=waiting.choices)
    return render(request, "budgets/vote_confirm.html", {
        "budget": budget, "summary": _summary(form), "cumulative": form.is_cumulative,
        "token": pending.kept(request, budget)})


def _cast(request, budget, waiting: pending.Pending):
    try:
        cast = voting.cast_ballot(budget, request.user, waiting.choices)
    except voting.AlreadyVoted as refused:
        return render(request, "budgets/vote_confirm.html",
                      {"budget": budget, "conflict": refused.message}, status=409)
    except (voting.VoteRefused, voting.BallotError) as refused:
        messages.error(request, str(refused))
        return redirect("budgets:vote", budget.slug)
    messages.success(request, _("Votre bulletin est modifié.") if cast.changed
                     else _("Merci, votre vote est enregistré."))
    response = redirect("budgets:vote_receipt", budget.slug)
    pending.remember_confirmed(response, budget, waiting)
    pending.forget(response, budget)
    return response


def _receipt_context(ballot: Ballot) -> dict:
    choices = ballot.choices.select_related("project__sub_budget__commune",
                                            "project__sub_budget__district")
    sections = {}
    for choice in choices.order_by("project__sub_budget", "project__title"):
        sections.setdefault(choice.project.sub_budget, []).append(
            (choice.project, euros(choice.project.vote_cost), choice.points))
    return {"ballot": ballot, "sections": list(sections.items())}


@login_required
@never_cache
@require_safe
def receipt(request, slug):
    budget = _budget_to_vote(request, slug)
    ballot = voting.existing_ballot(budget, request.user)
    context = {"budget": budget, "ballot": None,
               "cumulative": budget.ballot_format == BallotFormat.CUMULATIVE}
    if ballot is not None:
        context.update(_receipt_context(ballot))
        context["may_change"] = (not voting.change_refusal(budget, ballot)
                                 and bool(voting.eligibility(budget, request.user)))
    return render(request, "budgets/vote_receipt.html", context)


# Help desk --------------------------------------------------------------------------------


@help_desk_view
@sensitive_post_parameters(*IDENTITY_FIELDS)
@require_http_methods(["GET", "HEAD", "POST"])
def desk(request, slug):
    """Without an open session: the desk's sessions, to open one. In a session, step 1: the
    agent types the identity on the document and the commune; step 2 (the identity carried
    in hidden fields, nothing stored meanwhile): the paper ballot."""
    budget = _budget(request, slug)
    session = desk_service.current_session(budget, request.user)
    if session is None:
        return _desk_sessions(request, budget, SessionForm())
    identity_form = DeskVoterForm(request.POST or None)
    if identity_form.searching:
        identity_form = identity_form.showing_results()
    context = {"budget": budget, "identity_form": identity_form, "session": session,
               "session_count": session.ballots.count()}
    if not identity_form.is_valid():
        return render(request, "budgets/desk_identify.html", context)
    identity, commune = identity_form.identity(), identity_form.cleaned_data["commune"]
    try:
        person = voting.identify_desk_voter(budget, request.user, identity, commune)
    except voting.VoteRefused as refused:
        identity_form.add_error(None, refused.message)
        return render(request, "budgets/desk_identify.html", context)
    sections = voting.ballot_sections(budget, person.eligibility)
    recording = "record" in request.POST
    form = BallotForm(budget, sections, data=request.POST if recording else None,
                      all_districts=True)
    if recording and form.is_valid():
        try:
            ballot = voting.record_desk_ballot(budget, request.user, identity, commune,
                                               form.choices)
        except voting.VoteRefused as refused:
            identity_form.add_error(None, refused.message)
            return render(request, "budgets/desk_identify.html", context)
        except voting.BallotError as error:
            form.add_errors(error.errors)
        else:
            return redirect("budgets:desk_receipt", budget.slug, ballot.receipt_code)
    context.update(person=person, form=form, rule=voting.format_rule(budget))
    return render(request, "budgets/desk_ballot.html", context)


def _desk_sessions(request, budget, form, status=200):
    return render(request, "budgets/desk_sessions.html", {
        "budget": budget, "form": form, "sessions": desk_service.sessions_of(budget),
        "threshold": settings.BUDGETS_DESK_CONFIRMATION_THRESHOLD,
    }, status=status)


@help_desk_view
@require_POST
def desk_open(request, slug):
    budget = _budget(request, slug)
    form = SessionForm(request.POST)
    if form.is_valid():
        with Attempt(form, desk_service.DeskError) as attempt:
            desk_service.open_session(budget, request.user, form.cleaned_data["place"])
        if attempt.succeeded:
            return redirect("budgets:desk", budget.slug)
    return _desk_sessions(request, budget, form, status=400)


def _session_action(action, success: str):
    """A POST on one session (close, confirm): done, or refused with the reason."""

    @help_desk_view
    @require_POST
    def view(request, slug, pk):
        budget = _budget(request, slug)
        try:
            action(budget, request.user, pk)
        except desk_service.DeskError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, success)
        return redirect("budgets:desk", budget.slug)

    return view


desk_close = _session_action(desk_service.close_session, gettext_lazy("La session est fermée."))
desk_confirm = _session_action(desk_service.confirm_session,
                               gettext_lazy("Le décompte de la session est confirmé."))


@help_desk_view
@require_safe
def desk_report(request, slug, pk, extension):
    """The desk report of a session, to compare with its paper ballots."""
    budget = _budget(request, slug)
    session = get_object_or_404(DeskSession.objects.select_related("budget", "opened_by"),
                                budget=budget, pk=pk)
    name = f"guichet-{budget.slug}-{session.pk}.{extension}"
    if extension == "pdf":
        response = HttpResponse(desk_service.report_pdf(request.user, session),
                                content_type="application/pdf")
    else:
        response = HttpResponse(desk_service.report_csv(request.user, session),
                                content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@help_desk_view
@require_safe
def desk_receipt(request, slug, code):
    """The printable receipt of a paper ballot, for the agent who typed it."""
    budget = _budget(request, slug)
    ballot = get_object_or_404(Ballot, budget=budget, receipt_code=code, channel=Channel.DESK,
                               recorded_by=request.user)
    context = {"budget": budget, "cumulative": budget.ballot_format == BallotFormat.CUMULATIVE,
               **_receipt_context(ballot)}
    return render(request, "budgets/desk_receipt.html", context)
