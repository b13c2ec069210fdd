"""The public pages of realisations (list, map, detail) and the milestone form of the
people who follow a realisation up. Every page works without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.core.forms import add_domain_error
from parvis.core.pagination import CappedPaginator, page_of
from parvis.realisations import exports, selectors, services
from parvis.realisations.forms import MilestoneForm, RealisationFilterForm
from parvis.realisations.permissions import can_edit

PAGE_SIZE = 20


def filtered(request, realisations):
    form = RealisationFilterForm(request.GET or None)
    return form, form.filter(realisations)


@require_safe
def realisation_list(request):
    form, realisations = filtered(request, selectors.public())
    page = page_of(request, realisations.select_related("commune"), PAGE_SIZE, CappedPaginator)
    return render(request, "realisations/list.html", {
        "form": form, "page_obj": page, "sources": selectors.source_labels()})


@require_safe
def realisation_map(request):
    """The map of the page's located realisations (the communes drawn by the site, tiles
    on demand when configured), and the same realisations listed commune by commune."""
    form, realisations = filtered(request, selectors.located())
    filters = request.GET.copy()
    filters.pop("page", None)
    located = realisations.select_related("commune").order_by("commune__name", "title", "pk")
    page = page_of(request, located, PAGE_SIZE, CappedPaginator)
    return render(request, "realisations/map.html", {
        "form": form, "page_obj": page,
        "map_source": f"{reverse('realisations:map_data')}?{filters.urlencode()}"})


@require_safe
def map_data(request):
    """GeoJSON of the located public realisations (at most MAP_MAX_FEATURES, then
    `truncated` is true)."""
    _form, realisations = filtered(request, selectors.located())
    limit = selectors.MAP_MAX_FEATURES
    rows = list(realisations.values_list("pk", "title", "source", "status", "progress",
                                         "latitude", "longitude")[:limit + 1])
    sources = selectors.source_labels()
    labels = dict(services.Status.choices)
    collection = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "id": pk,
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": {"title": title, "category": sources.get(source, source),
                       "status": status,
                       "status_label": f"{labels[status]} ({progress} %)",
                       "url": reverse("realisations:detail", args=[pk])},
    } for pk, title, source, status, progress, latitude, longitude in rows[:limit]]}
    if len(rows) > limit:
        collection["truncated"] = True
    return JsonResponse(collection, content_type="application/geo+json")


@require_safe
def realisation_detail(request, pk):
    realisation = get_object_or_404(
        selectors.public().select_related("commune", "service", "process"), pk=pk)
    return render(request, "realisations/detail.html", {
        "realisation": realisation, "milestones": realisation.milestones.all(),
        "source_label": selectors.source_labels().get(realisation.source, ""),
        "can_edit": can_edit(request.user, realisation)})


@login_required
def milestone_new(request, pk):
    realisation = get_object_or_404(selectors.public(), pk=pk)
    if not can_edit(request.user, realisation):
        raise PermissionDenied
    form = MilestoneForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        photo = data["photo"].read() if data["photo"] else None
        try:
            services.add_milestone(realisation, services.Step(
                on=data["on"], title=data["title"], text=data["text"], photo=photo,
                photo_alt=data["photo_alt"]), request.user)
        except services.RealisationRefused as refusal:
            add_domain_error(form, refusal)
        else:
            messages.success(request, _("Étape publiée : les personnes qui ont soutenu le"
                                        " projet en sont informées."))
            return redirect(realisation)
    return render(request, "realisations/milestone_form.html",
                  {"realisation": realisation, "form": form})


@require_safe
def export_csv(request):
    return exports.response()
