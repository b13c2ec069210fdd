from django import template
from django.utils.translation import gettext as _

register = template.Library()

STATUS_LABELS = {"open": "En cours", "upcoming": "À venir", "closed": "Terminée"}


@register.inclusion_tag("processes/status_badge.html")
def status_badge(process, now):
    status = process.status(now)
    return {"status": status, "label": _(STATUS_LABELS[status])}
