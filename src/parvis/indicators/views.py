"""The public dashboard of the responsible-digital strategy."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from parvis.core import modules
from parvis.core.pagination import page_of
from parvis.indicators import adoptions, selectors
from parvis.indicators.models import Axis, Indicator

HISTORY_PAGE_SIZE = 30


@require_safe
def dashboard(request):
    return render(request, "indicators/dashboard.html", {"summaries": selectors.summaries()})


@require_safe
def axis_page(request, slug):
    axis = get_object_or_404(Axis, slug=slug)
    commitments = selectors.axis_states(axis)
    follow_ups = modules.follow_ups_of(adoptions.PREFIX, [item for item, _ in commitments])
    return render(request, "indicators/axis.html", {
        "axis": axis,
        "commitments": [(commitment, states, follow_up) for (commitment, states), follow_up
                        in zip(commitments, follow_ups, strict=True)],
        "chart": selectors.progress_chart(axis, [state for _, states in commitments
                                                 for state in states]),
    })


@require_safe
def indicator_page(request, code):
    indicator = get_object_or_404(Indicator.objects.select_related("commitment__axis"),
                                  code=code)
    state = selectors.states([indicator])[0]
    return render(request, "indicators/indicator.html", {
        "indicator": indicator, "state": state, "chart": state.chart(),
        "detail_url": selectors.measure_detail_url(indicator),
        "page_obj": page_of(request, selectors.history(indicator), HISTORY_PAGE_SIZE),
    })
