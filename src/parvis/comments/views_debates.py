"""Debates: the forum threads of a process, their list, page and creation form."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from parvis.comments import permissions, selectors, services
from parvis.comments.forms import DebateForm
from parvis.comments.models import Debate
from parvis.comments.views import REFUSALS
from parvis.core.forms import add_domain_error
from parvis.core.pagination import page_of
from parvis.processes.permissions import visible_processes

DEBATES_PER_PAGE = 20


def process_or_404(request, slug):
    return get_object_or_404(
        visible_processes(request.user).prefetch_related("phases"), slug=slug
    )


def debate_list(request, slug):
    process = process_or_404(request, slug)
    page = page_of(request, selectors.debates_of(process), DEBATES_PER_PAGE)
    return render(request, "comments/debate_list.html", {
        "process": process,
        "page_obj": page,
        "decision": permissions.debate_decision(request.user, process),
    })


@login_required
def debate_new(request, slug):
    process = process_or_404(request, slug)
    decision = permissions.debate_decision(request.user, process)
    form = DebateForm(request.POST or None)
    if decision and form.is_valid():
        try:
            debate = services.start_debate(process, request.user, form.cleaned_data["title"],
                                           form.cleaned_data["body"])
        except REFUSALS as exc:
            add_domain_error(form, exc)
        else:
            return redirect(debate)
    return render(request, "comments/debate_form.html", {
        "process": process, "form": form, "decision": decision, "title": _("Ouvrir un débat"),
    })


def debate_detail(request, slug, pk):
    process = process_or_404(request, slug)
    debate = get_object_or_404(Debate.objects.select_related("author"), process=process, pk=pk)
    debate.process = process
    return render(request, "comments/debate_detail.html", {"process": process, "debate": debate})
