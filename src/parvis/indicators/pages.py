"""The strategy dashboard's public pages, for the quality gates."""

from parvis.core.modules import PublicPage, require_demo_data
from parvis.indicators.models import Axis, Indicator


def first_axis() -> str:
    axis = Axis.objects.order_by("number").first()
    require_demo_data(axis, "No strategy axis")
    return axis.get_absolute_url()


def first_measured_indicator() -> str:
    indicator = Indicator.objects.filter(measurements__isnull=False).order_by("pk").first()
    require_demo_data(indicator, "No measured indicator")
    return indicator.get_absolute_url()


def public_pages() -> list[PublicPage]:
    return [
        PublicPage("strategy-dashboard", "indicators:dashboard"),
        PublicPage("strategy-axis", resolver=first_axis),
        PublicPage("strategy-indicator", resolver=first_measured_indicator),
    ]
