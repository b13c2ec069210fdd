"""The members' space of a panel (its active members and organisers only), the member
directory, leaving the panel, and the organisers' dashboard with its pseudonymised export."""


from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from parvis.core import spreadsheets
from parvis.core.charts import Bar, bar_chart
from parvis.core.formats import date_format
from parvis.core.pagination import page_of
from parvis.panels import activity, draws, space
from parvis.panels.models import Member, Panel
from parvis.panels.permissions import active_membership, can_manage_panel
from parvis.panels.views_recruitment import organised_panel, panel_or_404

DIRECTORY_PAGE_SIZE = 50


def space_access(request, slug: str) -> tuple[Panel, Member | None, bool]:
    """The panel, the reader's membership and whether they organise it; 403 for others."""
    panel = panel_or_404(slug)
    member = active_membership(request.user, panel)
    organiser = can_manage_panel(request.user, panel)
    if member is None and not organiser:
        raise PermissionDenied
    return panel, member, organiser


@login_required
@require_safe
def space_home(request, slug):
    panel, member, organiser = space_access(request, slug)
    return render(request, "panels/space_home.html", {
        "panel": panel,
        "member": member,
        "organiser": organiser,
        "space": space.space_content(panel, request.user),
        "activity": activity.activities(panel, [member])[member.pk] if member else None,
    })


@login_required
@require_safe
def space_members(request, slug):
    panel = space_access(request, slug)[0]
    page = page_of(request, space.directory(panel), DIRECTORY_PAGE_SIZE)
    return render(request, "panels/space_members.html", {"panel": panel, "page_obj": page})


class LeaveForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Pourquoi quittez-vous le panel ? (facultatif)"), required=False,
        max_length=Member._meta.get_field("withdrawal_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Votre réponse aide les organisateurs ; elle n'est pas publiée."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Je quitte le panel et n'aurai plus accès à son espace."),
        error_messages={"required": gettext_lazy("Cochez la case pour confirmer votre départ.")},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def space_leave(request, slug):
    panel = panel_or_404(slug)
    member = active_membership(request.user, panel)
    if member is None:
        raise PermissionDenied
    form = LeaveForm(request.POST or None)
    if form.is_valid():
        draws.withdraw_member(member, form.cleaned_data["reason"], request.user)
        messages.success(request, _("Vous avez quitté le panel. Merci pour votre participation."))
        return redirect(panel)
    return render(request, "panels/space_leave.html", {"panel": panel, "form": form})


def participation_chart(months: list[activity.MonthRate]) -> SafeString:
    bars = [Bar(date_format(rate.month, "F Y"), rate.participants, rate.percent, rate.percent)
            for rate in months]
    return bar_chart("participation", _("Taux de participation par mois"),
                     _("Part des membres du panel ayant participé au moins une fois dans le"
                       " mois."), bars)


@login_required
@require_safe
def dashboard(request, slug):
    panel = organised_panel(request, slug)
    data = activity.dashboard(panel)
    return render(request, "panels/dashboard_panel.html", {
        "panel": panel, "dashboard": data, "chart": participation_chart(data.months),
    })


@login_required
@require_safe
def dashboard_csv(request, slug):
    panel = organised_panel(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="activite-{panel.slug}.csv"'
    spreadsheets.Writer(response).writerows(activity.export_rows(panel, request.user))
    return response
