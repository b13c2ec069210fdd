"""Pages of idea boxes: browse and search ideas, propose one (with a preview that shows
similar ideas), support, edit or withdraw it; managers answer and merge. Every page works
without JavaScript; `similar` feeds the suggestions shown while a title is typed."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parvis.core.forms import Attempt, carried_out
from parvis.core.pagination import page_of
from parvis.ideas import adoptions, permissions, selectors, services
from parvis.ideas.forms import AnswerForm, IdeaFilterForm, MergeForm, ProposalForm
from parvis.ideas.models import LISTED_STATUSES, Idea, Status
from parvis.ideas.services import IdeaError
from parvis.moderation.services import ContributionRefused

PAGE_SIZE = 20
SEED_KEY = "ideas_seed"  # session: this visitor's order of the random sort
SIMILAR_QUERY_MAX = 200


def visitor_seed(request) -> int:
    """A per-visitor seed for the random order, kept for the session: pages stay stable,
    and each visitor sees other ideas first (fair exposure)."""
    if SEED_KEY not in request.session:
        request.session[SEED_KEY] = secrets.randbelow(10**6) + 1
    return request.session[SEED_KEY]


def render_listing(request, template: str, box=None, **context):
    form = IdeaFilterForm(request.GET or None)
    filters = form.filters()
    sort = filters.pop("sort", selectors.DEFAULT_SORT)
    ideas = selectors.filter_ideas(selectors.listed_ideas(box), **filters)
    seed = visitor_seed(request) if sort == "random" else 0
    page = page_of(request, selectors.order_ideas(ideas, sort, seed), PAGE_SIZE)
    return render(request, template, {"form": form, "page_obj": page, "box": box, **context})


@require_safe
def idea_list(request):
    return render_listing(request, "ideas/idea_list.html")


@require_safe
def box_list(request):
    listed = Q(ideas__status__in=LISTED_STATUSES, ideas__hidden_at=None)
    boxes = selectors.public_boxes().annotate(idea_count=Count("ideas", filter=listed)).order_by(
        "-created_at", "-pk"
    )
    page = page_of(request, boxes, PAGE_SIZE)
    return render(request, "ideas/box_list.html", {"page_obj": page})


@require_safe
def box_detail(request, slug):
    box = get_object_or_404(selectors.visible_boxes(request.user), slug=slug)
    return render_listing(request, "ideas/box_detail.html", box=box,
                          submit=permissions.submit_decision(request.user, box))


@require_http_methods(["GET", "HEAD", "POST"])
def propose(request, slug):
    box = get_object_or_404(selectors.visible_boxes(request.user), slug=slug)
    submit = permissions.submit_decision(request.user, box)
    posted = request.method == "POST"
    form = ProposalForm(request.POST if posted else None, request.FILES if posted else None,
                        box=box)
    if posted and submit and form.is_valid():
        with Attempt(form, (IdeaError, ContributionRefused)) as attempt:
            idea = services.create_draft(box, request.user, form.proposal())
        if attempt.succeeded:
            return redirect("ideas:preview", idea.pk)
    return render(request, "ideas/propose.html", {"box": box, "form": form, "submit": submit})


def own_draft(request, pk) -> Idea:
    return get_object_or_404(
        Idea.objects.select_related("box__process", "theme", "commune"),
        pk=pk, author=request.user, status=Status.DRAFT,
    )


@login_required
@require_safe
def preview(request, pk):
    """The draft as it will appear, and the similar ideas it could join instead."""
    idea = own_draft(request, pk)
    return render(request, "ideas/preview.html", {
        "idea": idea,
        "similar": selectors.similar_ideas(idea.box, idea.title, exclude=idea),
    })


@login_required
@require_POST
def publish(request, pk):
    idea = own_draft(request, pk)
    try:
        services.publish(idea, request.user)
    except IdeaError as error:
        messages.error(request, error.message)
        return redirect("ideas:preview", idea.pk)
    messages.success(request, _("Votre idée est publiée. Vous serez informé·e des réponses."))
    return redirect(idea)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, pk):
    idea = get_object_or_404(Idea.objects.select_related("box__process"), pk=pk,
                             author=request.user)
    if not permissions.can_edit(request.user, idea):
        messages.error(request, _("Cette idée ne peut plus être modifiée."))
        return redirect(idea)
    posted = request.method == "POST"
    form = ProposalForm(request.POST if posted else None, request.FILES if posted else None,
                        box=idea.box, initial=ProposalForm.initial_from(idea))
    if posted and form.is_valid():
        with Attempt(form, (IdeaError, ContributionRefused)) as attempt:
            services.edit(idea, request.user, form.proposal())
        if attempt.succeeded:
            return redirect(idea)  # a draft's page is its preview
    return render(request, "ideas/edit.html", {"idea": idea, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request, pk):
    idea = get_object_or_404(Idea.objects.select_related("box"), pk=pk, author=request.user)
    if not permissions.can_withdraw(request.user, idea):
        messages.error(request, _("Cette idée ne peut pas être retirée."))
        return redirect(idea)
    if request.method == "POST":
        services.withdraw(idea, request.user)
        messages.success(request, _("Votre idée est retirée."))
        return redirect(idea)
    return render(request, "ideas/withdraw.html", {"idea": idea})


def viewable_idea(request, pk) -> Idea:
    idea = get_object_or_404(
        Idea.objects.select_related("box__process", "theme", "commune", "author",
                                    "merged_into"),
        pk=pk,
    )
    if not permissions.can_view(request.user, idea):
        raise Http404
    return idea


def render_detail(request, idea, answer_form=None, merge_form=None, status=200):
    user = request.user
    can_answer = permissions.can_answer(user, idea)
    can_merge = permissions.can_merge(user, idea)
    return render(request, "ideas/detail.html", {
        "idea": idea,
        "history": idea.history.all(),
        "follow_up": adoptions.follow_up_of(idea),
        "support": permissions.support_decision(user, idea),
        "supported": selectors.has_supported(user, idea),
        "can_edit": permissions.can_edit(user, idea),
        "can_withdraw": permissions.can_withdraw(user, idea),
        "answer_form": answer_form or (AnswerForm(initial={"status": idea.status})
                                       if can_answer else None),
        "merge_form": merge_form or (MergeForm() if can_merge else None),
    }, status=status)


@require_safe
def detail(request, pk):
    idea = viewable_idea(request, pk)
    if idea.status == Status.DRAFT:
        return redirect("ideas:preview", idea.pk)
    return render_detail(request, idea)


@require_POST
def support(request, pk):
    idea = viewable_idea(request, pk)
    try:
        added = services.support(idea, request.user)
    except IdeaError as error:
        messages.error(request, error.message)
    else:
        if added:
            messages.success(request, _("Merci pour votre soutien : vous suivez maintenant"
                                        " cette idée."))
        else:
            messages.info(request, _("Vous soutenez déjà cette idée."))
    return redirect(idea)


@require_POST
def answer(request, pk):
    idea = viewable_idea(request, pk)
    if not permissions.can_answer(request.user, idea):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    answered = carried_out(request, form, IdeaError,
                           lambda data: services.answer(idea, request.user, data["status"],
                                                        data["message"]),
                           _("La réponse est publiée ; l'auteur et les abonné·es sont"
                             " prévenus."))
    if answered.succeeded:
        return redirect(idea)
    return render_detail(request, idea, answer_form=form, status=400)


@require_POST
def merge(request, pk):
    idea = viewable_idea(request, pk)
    if not permissions.can_merge(request.user, idea):
        raise PermissionDenied
    form = MergeForm(request.POST)
    merged = carried_out(request, form, IdeaError,
                         lambda data: services.merge(idea, data["kept"], request.user,
                                                     data["message"]),
                         _("Les idées sont fusionnées."))
    if merged.succeeded:
        return redirect(merged.result)
    return render_detail(request, idea, merge_form=form, status=400)


@login_required
@require_safe
def my_ideas(request):
    ideas = Idea.objects.filter(author=request.user).select_related("box").order_by(
        "-created_at", "-pk"
    )
    page = page_of(request, ideas, PAGE_SIZE)
    return render(request, "ideas/mine.html", {"page_obj": page})


@require_safe
def similar(request, slug):
    """JSON of the published ideas of the box close to `q` (a title being typed)."""
    box = get_object_or_404(selectors.visible_boxes(request.user), slug=slug)
    text = request.GET.get("q", "")[:SIMILAR_QUERY_MAX]
    return JsonResponse({
        "ideas": [
            {
                "id": idea.pk,
                "title": idea.title,
                "url": idea.get_absolute_url(),
                "status": idea.status,
                "status_label": idea.get_status_display(),
                "supports_count": idea.supports_count,
            }
            for idea in selectors.similar_ideas(box, text)
        ]
    })
