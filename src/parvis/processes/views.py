from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from parvis.core import modules
from parvis.processes.forms import ProcessFilterForm
from parvis.processes.models import Phase, Process
from parvis.processes.permissions import visible_processes
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
    page = Paginator(processes, PAGE_SIZE).get_page(request.GET.get("page"))
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
                            if module.process_block]},
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
