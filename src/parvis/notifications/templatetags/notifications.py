"""{% load notifications %}{% notifications_link %}: the header link with the unread count."""

from django import template

from parvis.notifications.services import unread_count

register = template.Library()


@register.inclusion_tag("notifications/link.html", takes_context=True)
def notifications_link(context):
    request = context["request"]
    return {"request": request, "unread": unread_count(request.user)}
