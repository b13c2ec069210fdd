from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from parvis.core import modules
from parvis.core.pagination import page_of
from parvis.processes.forms import ProcessFilterForm, SearchForm
from parvis.processes.models import Phase, Process
from parvis.processes.permissions import managed_processes, visible_processes
from parvis.processes.search import everything as search_all
from parvis.processes.selectors import filter_processes

PAGE_SIZE = 12


def process_list(request):
    form = ProcessFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    processes = filter_processes(
        request.user,
        commune=filters.get("commune"),
        theme=filters.get("theme"),
        status=filters.get("status", ""),
    )
    page = page_of(request, processes, PAGE_SIZE)
    return render(
        request,
        "processes/process_list.html",
        {"form": form, "page_obj": page, "now": timezone.now()},
    )


def process_detail(request, slug):
    process = get_object_or_404(
        visible_processes(request.user).select_related("theme").prefetch_related(
            "phases", "communes"
        ),
        slug=slug,
    )
    now = timezone.now()
    return render(
        request,
        "processes/process_detail.html",
        {"process": process, "status": process.status(now), "now": now,
         "process_blocks": [module.process_block for module in modules.all_modules()
                            if module.process_block],
         "results": modules.results(process, request.user)},
    )


def home(request):
    now = timezone.now()
    open_processes = (
        Process.objects.published()
        .open_at(now)
        .select_related("theme")
        .prefetch_related("phases", "communes")
        .order_by("ends_at")[:6]
    )
    upcoming_phases = (
        Phase.objects.filter(process__in=Process.objects.published(), starts_at__gt=now)
        .select_related("process")
        .order_by("starts_at")[:5]
    )
    return render(
        request,
        "core/home.html",
        {"open_processes": open_processes, "upcoming_phases": upcoming_phases, "now": now},
    )


def search(request):
    form = SearchForm(request.GET or None)
    results = search_all(form.cleaned_data["q"], request.user) if form.is_valid() else []
    return render(request, "processes/search.html", {"form": form, "results": results})


@login_required
@never_cache
def my_space(request):
    """« Mon espace »: what awaits the person as staff, then what they did on the site."""
    user = request.user
    managed = managed_processes(user).order_by("-pk")[:modules.MY_SPACE_LIMIT]
    return render(request, "processes/my_space.html", {
        "awaiting": modules.awaiting(user), "managed_processes": managed,
        "sections": modules.my_space(user), "now": timezone.now(),
    })
