"""The agents' side of issue reports: the inbox of their services, a report's handling, figures."""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core.decorators import allowed_only
from parvis.core.forms import add_domain_error
from parvis.core.pagination import CappedPaginator, capped_counts, page_of
from parvis.core.permissions import visible_services
from parvis.reports import services
from parvis.reports.forms_agent import (
    CLOSED,
    DEFAULT_FIGURES_DAYS,
    OPEN,
    STATUS_GROUPS,
    FiguresPeriodForm,
    InboxFilterForm,
    NoteForm,
    StatusChangeForm,
)
from parvis.reports.models import Report, Status
from parvis.reports.permissions import can_handle, can_use_inbox, inbox_reports

PAGE_SIZE = 50


agent_view = allowed_only(can_use_inbox)  # agents only


@agent_view
def inbox(request):
    form = InboxFilterForm(request.GET, services=visible_services(request.user))
    form.is_valid()  # invalid filters are shown with their error and left out
    reports = form.scoped(inbox_reports(request.user))
    listed = form.listed(reports).select_related(
        "category__parent", "commune", "service"
    )
    return render(request, "reports/agent/inbox.html", {
        "form": form,
        "counts": status_counts(reports),
        "page_obj": page_of(request, listed, PAGE_SIZE, CappedPaginator),
        "current_status": form.cleaned_data.get("status", ""),
        "show_service": "service" in form.fields,
    })


def status_counts(reports) -> list[tuple[str, str, int]]:
    """(status filter value, label, number of reports, capped at COUNT_CAP): all, open,
    closed, then each status, counted in one query."""
    groups = [("", _("Tous"), reports), (OPEN, _("Ouverts"), None), (CLOSED, _("Clos"), None)]
    groups = [(value, label, selected if selected is not None
               else reports.filter(status__in=STATUS_GROUPS[value]))
              for value, label, selected in groups]
    groups += [(status.value, status.label, reports.filter(status=status)) for status in Status]
    counts = capped_counts({value: selected for value, label, selected in groups})
    return [(value, label, counts[value]) for value, label, _selected in groups]


@agent_view
def inbox_detail(request, code):
    report = get_object_or_404(
        Report.objects.select_related(
            "category__parent", "commune", "service", "reporter", "duplicate_of"
        ),
        tracking_code=code,
    )
    if not can_handle(request.user, report):
        raise Http404  # an agent of another service does not learn that the report exists
    action = request.POST.get("action")
    status_form = StatusChangeForm(
        request.POST if action == "status" else None, report=report, prefix="status"
    )
    note_form = NoteForm(request.POST if action == "note" else None, prefix="note")
    if action == "status" and status_form.is_valid():
        if apply_status_change(request, report, status_form):
            return redirect_after_change(request, report)
    elif action == "note" and note_form.is_valid():
        services.add_note(report, request.user, note_form.cleaned_data["text"])
        messages.success(request, _("La note interne est enregistrée."))
        return redirect_after_change(request, report)
    return render(request, "reports/agent/detail.html", {
        "report": report,
        "answers": attribute_answers(report),
        "history": report.history.select_related("service", "author"),
        "notes": report.notes.select_related("author"),
        "status_form": status_form,
        "note_form": note_form,
    })


def apply_status_change(request, report: Report, form: StatusChangeForm) -> bool:
    """Apply the form's status change; a refusal becomes an error on the field concerned."""
    data = form.cleaned_data
    try:
        change = services.change_status(
            report, request.user, data["status"], message=data["message"],
            target_service=data["target_service"], duplicate_of=data["duplicate_of"],
        )
    except services.ReportError as error:
        add_domain_error(form, error)
        return False
    messages.success(
        request,
        _("Le signalement %(code)s est maintenant « %(status)s ».")
        % {"code": report.tracking_code, "status": change.get_status_display()},
    )
    return True


def redirect_after_change(request, report: Report):
    """Back to the report, or to the inbox once it went to a service one does not work in."""
    if can_handle(request.user, report):
        return redirect("reports:inbox_detail", code=report.tracking_code)
    return redirect("reports:inbox")


def attribute_answers(report: Report) -> list[tuple[str, str]]:
    """(question, answer) for the category's extra questions the reporter answered."""
    answers = []
    for attribute in report.category.attributes.all():
        value = report.attributes.get(attribute.code)
        if value in (None, "", []):
            continue
        names = {choice.get("key"): choice.get("name") for choice in attribute.values}
        values = value if isinstance(value, list) else [value]
        answers.append((attribute.description,
                        ", ".join(str(names.get(item, item)) for item in values)))
    return answers


@agent_view
def figures(request):
    form = FiguresPeriodForm(request.GET)
    days = form.cleaned_data["days"] if form.is_valid() else DEFAULT_FIGURES_DAYS
    since = timezone.now() - timedelta(days=days)
    rows = [
        (figure.service, figure.open_count, format_duration(figure.median_first_response),
         format_duration(figure.median_resolution))
        for figure in services.service_figures(visible_services(request.user), since=since)
    ]
    return render(request, "reports/agent/figures.html",
                  {"form": form, "rows": rows, "days": days})


def format_duration(duration: timedelta | None) -> str:
    """A duration as agents say it: "45 min", "3 h 20 min", "2 j 4 h"."""
    if duration is None:
        return "—"
    minutes = int(duration.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        parts = [_("%(n)d j") % {"n": days}, _("%(n)d h") % {"n": hours} if hours else ""]
    elif hours:
        parts = [_("%(n)d h") % {"n": hours}, _("%(n)d min") % {"n": minutes} if minutes else ""]
    elif minutes:
        parts = [_("%(n)d min") % {"n": minutes}]
    else:
        parts = [_("moins d'une minute")]
    return " ".join(part for part in parts if part)
