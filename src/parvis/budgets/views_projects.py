"""Pages of participatory budgets on the projects side: the budgets and their projects,
submission and withdrawal by people; the managers' review (feasibility, merge, promotion of
an idea). A winner's page shows how its realisation stands. Every page works without
JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parvis.budgets import adoptions, projects, selectors
from parvis.budgets.forms import (
    MergeForm,
    ProjectFilterForm,
    PromotionForm,
    ReviewFilterForm,
    ReviewForm,
    SubmissionForm,
)
from parvis.budgets.models import Budget, Project, ProjectStatus
from parvis.budgets.permissions import can_manage_budget
from parvis.budgets.projects import ProjectError
from parvis.core.forms import Attempt, carried_out
from parvis.core.pagination import page_of
from parvis.core.permissions import can_verify_in_person
from parvis.moderation.services import ContributionRefused
from parvis.processes.models import Action
from parvis.processes.services import action_decision

PAGE_SIZE = 20


def visible_budget(request, slug) -> Budget:
    return get_object_or_404(
        selectors.budgets_for(request.user).prefetch_related("process__phases"), slug=slug
    )


def managed_budget(request, slug) -> Budget:
    budget = visible_budget(request, slug)
    if not can_manage_budget(request.user, budget):
        raise PermissionDenied
    return budget


# Public pages ------------------------------------------------------------------------


@require_safe
def budget_list(request):
    budgets = selectors.budgets_for(request.user)
    return render(request, "budgets/budget_list.html",
                  {"page_obj": page_of(request, budgets, PAGE_SIZE)})


@require_safe
def budget_detail(request, slug):
    budget = visible_budget(request, slug)
    phase = budget.process.current_phase()
    return render(request, "budgets/budget_detail.html", {
        "budget": budget,
        "phase": phase,
        "vote_open": budget.process.is_open_for(Action.VOTE),
        "vote": action_decision(budget.process, Action.VOTE, request.user),
        "submit": projects.submit_decision(request.user, budget),
        "sub_budgets": selectors.sub_budgets_with_counts(budget),
        "can_manage": can_manage_budget(request.user, budget),
        "can_use_desk": can_verify_in_person(request.user),
    })


@require_safe
def project_list(request, slug):
    budget = visible_budget(request, slug)
    form = ProjectFilterForm(request.GET or None, budget=budget)
    listed = selectors.filter_projects(selectors.public_projects(budget), **form.filters())
    page = page_of(request, listed, PAGE_SIZE)
    page.object_list = adoptions.follow_winners(list(page.object_list))
    return render(request, "budgets/project_list.html", {
        "budget": budget, "form": form, "page_obj": page,
    })


def viewable_project(request, slug, pk) -> Project:
    """A project of a budget this person may open, that they may see."""
    budget = visible_budget(request, slug)
    project = get_object_or_404(
        Project.objects.select_related("sub_budget", "theme", "commune", "author",
                                       "merged_into__budget", "idea"),
        pk=pk, budget=budget,
    )
    project.budget = budget  # read with its process and phases
    if not projects.can_view(request.user, project):
        raise Http404
    return project


@require_safe
def project_detail(request, slug, pk):
    project = viewable_project(request, slug, pk)
    return render(request, "budgets/project_detail.html", {
        "project": project,
        "budget": project.budget,
        "follow_up": adoptions.follow_up_of(project),
        "merged_projects": project.merged_projects.public().select_related("budget"),
        "explained": project.budget.results_published_at is not None
        and project.status in (ProjectStatus.SELECTED, ProjectStatus.NOT_SELECTED),
        "can_withdraw": projects.can_withdraw(request.user, project),
        "can_manage": can_manage_budget(request.user, project.budget),
    })


@require_http_methods(["GET", "HEAD", "POST"])
def submit(request, slug):
    budget = visible_budget(request, slug)
    decision = projects.submit_decision(request.user, budget)
    posted = request.method == "POST"
    form = SubmissionForm(request.POST if posted else None, request.FILES if posted else None,
                          budget=budget, user=request.user)
    if posted and not decision:
        return render(request, "budgets/project_submit.html",
                      {"budget": budget, "form": form, "submit": decision}, status=403)
    if posted and form.is_valid():
        with Attempt(form, (ProjectError, ContributionRefused)) as attempt:
            project = projects.submit(budget, request.user, form.submission())
        if attempt.succeeded:
            messages.success(request, _("Votre projet est déposé. Les services vont l'analyser ;"
                                        " vous serez informé·e de la décision."))
            return redirect(project)
    return render(request, "budgets/project_submit.html",
                  {"budget": budget, "form": form, "submit": decision},
                  status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request, slug, pk):
    project = get_object_or_404(Project.objects.select_related("budget__process"), pk=pk,
                                budget__slug=slug, author=request.user)
    if not projects.can_withdraw(request.user, project):
        messages.error(request, _("Ce projet ne peut plus être retiré."))
        return redirect(project)
    if request.method == "POST":
        projects.withdraw(project, request.user)
        messages.success(request, _("Votre projet est retiré."))
        return redirect(project)
    return render(request, "budgets/project_withdraw.html", {"project": project})


# Managers: review --------------------------------------------------------------------


def render_review_list(request, budget, promotion_form=None, status=200):
    form = ReviewFilterForm(request.GET or None, budget=budget)
    listed = selectors.filter_projects(selectors.review_projects(budget), **form.filters())
    return render(request, "budgets/review_list.html", {
        "budget": budget, "form": form, "page_obj": page_of(request, listed, PAGE_SIZE),
        "promotion_form": promotion_form or PromotionForm(budget=budget),
    }, status=status)


@login_required
@require_safe
def review_list(request, slug):
    return render_review_list(request, managed_budget(request, slug))


@login_required
@require_POST
def promote(request, slug):
    budget = managed_budget(request, slug)
    form = PromotionForm(request.POST, budget=budget)
    promoted = carried_out(request, form, ProjectError,
                           lambda data: projects.promote_idea(budget, data["idea"], request.user,
                                                              data["sub_budget"],
                                                              data["estimated_cost"]),
                           _("L'idée est devenue un projet ; son auteur est prévenu."))
    if promoted.succeeded:
        return redirect("budgets:review_project", budget.slug, promoted.result.pk)
    return render_review_list(request, budget, promotion_form=form, status=400)


def managed_project(request, slug, pk) -> Project:
    budget = managed_budget(request, slug)
    return get_object_or_404(
        Project.objects.select_related("budget__process", "sub_budget", "theme", "commune",
                                       "author", "merged_into", "idea", "reviewed_by"),
        pk=pk, budget=budget,
    )


def render_review(request, project, review_form=None, merge_form=None, status=200):
    reviewable = projects.is_reviewable(project)
    return render(request, "budgets/review_project.html", {
        "project": project,
        "budget": project.budget,
        "review_form": review_form or (ReviewForm(initial=ReviewForm.initial_from(project))
                                       if reviewable else None),
        "merge_form": merge_form or (MergeForm(project=project) if reviewable else None),
        "follow_up": adoptions.follow_up_of(project),
    }, status=status)


@login_required
@require_safe
def review_project(request, slug, pk):
    return render_review(request, managed_project(request, slug, pk))


def act_on_review_form(request, project, form, action, success: str, form_name: str):
    """Run `action(cleaned_data)` for a valid form; back to the review page, or show it
    again with the errors next to their fields."""
    if carried_out(request, form, ProjectError, action, success).succeeded:
        return redirect("budgets:review_project", project.budget.slug, project.pk)
    return render_review(request, project, status=400, **{form_name: form})


@login_required
@require_POST
def review(request, slug, pk):
    project = managed_project(request, slug, pk)
    form = ReviewForm(request.POST)
    return act_on_review_form(
        request, project, form,
        lambda data: projects.review(project, request.user, form.review()),
        _("L'analyse est enregistrée ; le porteur du projet est prévenu d'un changement de"
          " statut."), "review_form",
    )


@login_required
@require_POST
def merge(request, slug, pk):
    project = managed_project(request, slug, pk)
    form = MergeForm(request.POST, project=project)
    return act_on_review_form(
        request, project, form,
        lambda data: projects.merge(project, data["target"], request.user,
                                    data["public_reason"]),
        _("Les projets sont fusionnés ; leurs porteurs sont prévenus."), "merge_form",
    )
