"""Public pages of the panels (list, panel, published draws), volunteering and one's own
application, and the organisers' draw page. Every page works without JavaScript."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from parvis.core.pagination import page_of
from parvis.panels import draws as draw_services
from parvis.panels import recruitment
from parvis.panels.forms import MemberWithdrawalForm, SeedForm, VolunteerForm
from parvis.panels.models import Draw, Panel, VolunteerStatus
from parvis.panels.permissions import active_membership, can_manage_panel, managed_panels
from parvis.processes.services import Decision

PAGE_SIZE = 20


def visible_panel(request, slug: str) -> Panel:
    """A public panel, or one in preparation for its organisers."""
    panels = Panel.objects.filter(
        Q(pk__in=recruitment.public_panels()) | Q(pk__in=managed_panels(request.user))
    ).select_related("process")
    return get_object_or_404(panels, slug=slug)


def panel_or_404(slug: str) -> Panel:
    panels = Panel.objects.select_related("process", "space_process", "evaluation_consultation")
    return get_object_or_404(panels, slug=slug)


def organised_panel(request, slug: str) -> Panel:
    """The panel, for its organisers only (403 for others)."""
    panel = panel_or_404(slug)
    if not can_manage_panel(request.user, panel):
        raise PermissionDenied
    return panel


@require_safe
def panel_list(request):
    panels = recruitment.public_panels().select_related("process")
    page = page_of(request, panels, PAGE_SIZE)
    return render(request, "panels/panel_list.html", {"page_obj": page})


@require_safe
def panel_detail(request, slug):
    panel = visible_panel(request, slug)
    return render(request, "panels/panel_detail.html", {
        "panel": panel,
        "categories": recruitment.profile_counts(panel),
        "draws": draw_services.published_draws(panel),
        "application": recruitment.application_of(panel, request.user),
        "recruiting": recruitment.recruitment_is_open(panel),
        "can_manage": can_manage_panel(request.user, panel),
        "member": active_membership(request.user, panel),
    })


def own_application(request, slug):
    panel = visible_panel(request, slug)
    application = recruitment.application_of(panel, request.user)
    if application is None:
        raise Http404
    return panel, application


@login_required
@never_cache
def volunteer(request, slug):
    panel = visible_panel(request, slug)
    application = recruitment.application_of(panel, request.user)
    if application is not None:
        messages.info(request, _("Vous êtes déjà volontaire pour ce panel : vous pouvez modifier"
                                 " ou retirer votre candidature ici."))
        return redirect("panels:application", slug=panel.slug)
    decision = recruitment.volunteer_decision(panel, request.user)
    form = VolunteerForm(panel, request.POST or None)
    if request.method == "POST" and decision and form.is_valid():
        try:
            created = recruitment.volunteer(panel, request.user, form.application())
        except recruitment.AlreadyVolunteered:
            messages.info(request, _("Vous êtes déjà volontaire pour ce panel."))
        else:
            messages.success(request, _("Votre candidature est enregistrée.")
                             if created.status == VolunteerStatus.ELIGIBLE else
                             _("Votre candidature est enregistrée, mais vous n'êtes pas"
                               " éligible : voir le motif ci-dessous."))
        return redirect("panels:application", slug=panel.slug)
    return render(request, "panels/volunteer_form.html", {
        "panel": panel, "form": form, "decision": decision,
    })


@login_required
@require_safe
@never_cache
def application(request, slug):
    panel, application = own_application(request, slug)
    return render(request, "panels/volunteer_status.html", {
        "panel": panel,
        "application": application,
        "profile": profile_labels(panel, application.profile),
        "can_edit": (application.status in recruitment.OPEN_STATUSES
                     and recruitment.volunteer_decision(panel, request.user)),
        "can_withdraw": recruitment.can_withdraw(application),
    })


def profile_labels(panel, profile: dict) -> list[tuple[str, str]]:
    return [
        (category.name, next((v.label for v in category.values.all()
                              if v.key == profile.get(category.key)), "—"))
        for category in panel.categories.prefetch_related("values")
    ]


@login_required
@never_cache
def application_edit(request, slug):
    panel, application = own_application(request, slug)
    decision = recruitment.volunteer_decision(panel, request.user)
    if decision and application.status not in recruitment.OPEN_STATUSES:
        decision = Decision(False, _("Votre candidature ne peut plus être modifiée."))
    form = VolunteerForm(panel, request.POST or None,
                         initial=VolunteerForm.initial_from(application))
    if request.method == "POST" and decision and form.is_valid():
        try:
            recruitment.update_application(application, form.application(), request.user)
        except PermissionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Votre candidature est mise à jour."))
        return redirect("panels:application", slug=panel.slug)
    return render(request, "panels/volunteer_form.html", {
        "panel": panel, "form": form, "decision": decision, "application": application,
    })


@login_required
@never_cache
def application_withdraw(request, slug):
    panel, application = own_application(request, slug)
    if request.method == "POST":
        try:
            recruitment.withdraw(application, request.user)
        except PermissionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Votre candidature est retirée."))
        return redirect("panels:application", slug=panel.slug)
    return render(request, "panels/volunteer_withdraw.html", {
        "panel": panel, "application": application,
        "can_withdraw": recruitment.can_withdraw(application),
    })


@login_required
@require_safe
@never_cache
def draws(request, slug):
    panel = organised_panel(request, slug)
    counts = dict(panel.volunteers.order_by().values_list("status").annotate(Count("pk")))
    return render(request, "panels/draw_manage.html", {
        "panel": panel,
        "statuses": [(label, counts.get(value, 0)) for value, label in VolunteerStatus.choices],
        "draws": draw_services.published_draws(panel),
        "pending": draw_services.pending_draw(panel),
        "seats_to_fill": draw_services.seats_to_fill(panel),
        "members": panel.members.select_related("volunteer", "user", "replaces__volunteer")
        .order_by("volunteer__pool_id"),
        "seed_form": SeedForm(),
    })


@login_required
@require_POST
def draw_seed(request, slug):
    panel = organised_panel(request, slug)
    form = SeedForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["seed"]))
        return redirect("panels:draws", slug=panel.slug)
    try:
        draw = draw_services.publish_seed(panel, request.user, form.cleaned_data["seed"])
    except draw_services.DrawError as error:
        for reason in error.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, _("La graine « %(seed)s » est publiée avec le vivier de"
                                    " %(count)s volontaires. Le tirage peut être effectué.")
                         % {"seed": draw.seed, "count": len(draw.pool)})
    return redirect("panels:draws", slug=panel.slug)


@login_required
@require_POST
def draw_run(request, slug, pk):
    panel = organised_panel(request, slug)
    draw = get_object_or_404(panel.draws, pk=pk)
    try:
        draw_services.request_draw(draw, request.user)
    except draw_services.DrawError as error:
        messages.error(request, error.reasons[0])
    else:
        messages.success(request, _("Le tirage est lancé. Son résultat s'affiche sur cette page"
                                    " dès qu'il est effectué ; les personnes tirées au sort et"
                                    " les autres volontaires sont alors prévenues."))
    return redirect("panels:draws", slug=panel.slug)


def public_draw(request, slug, pk) -> Draw:
    return get_object_or_404(visible_panel(request, slug).draws, pk=pk)


def json_download(data, filename: str) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1, default=str),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def draw_input(request, slug, pk):
    """What anyone needs to re-run the draw: `parvis draw tirage.json`."""
    draw = public_draw(request, slug, pk)
    return json_download(draw_services.draw_document(draw), f"tirage-{slug}-{draw.pk}.json")


@require_safe
def draw_result(request, slug, pk):
    draw = public_draw(request, slug, pk)
    if draw.performed_at is None:
        raise Http404
    return json_download(draw_services.draw_outcome(draw), f"resultat-{slug}-{draw.pk}.json")


@login_required
@never_cache
def member_withdraw(request, slug, pk):
    panel = organised_panel(request, slug)
    member = get_object_or_404(panel.members.select_related("volunteer", "user"), pk=pk,
                               withdrawn_at=None)
    form = MemberWithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        draw_services.withdraw_member(member, form.cleaned_data["reason"], request.user)
        messages.success(request, _("Le retrait est enregistré. Un tirage de remplacement peut"
                                    " être lancé en publiant une nouvelle graine."))
        return redirect(reverse("panels:draws", args=[panel.slug]))
    return render(request, "panels/draw_member_withdraw.html", {
        "panel": panel, "member": member, "form": form,
    })
