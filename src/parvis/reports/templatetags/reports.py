from django import template

from parvis.reports.permissions import can_use_inbox

register = template.Library()


@register.filter
def uses_report_inbox(user) -> bool:
    return can_use_inbox(user)
