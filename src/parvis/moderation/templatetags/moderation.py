from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from parvis.moderation import permissions, registry, services

register = template.Library()


@register.inclusion_tag("moderation/flag_button.html", takes_context=True)
def flag_button(context, obj):
    """A "Signaler" link to the flag form, for signed-in people other than the author."""
    user = context["request"].user
    registration = registry.lookup(obj)
    author_id = getattr(obj, obj._meta.get_field(registration.author_field).attname)
    if not permissions.can_flag(user) or obj.is_hidden or author_id == user.pk:
        return {"url": ""}
    content_type = ContentType.objects.get_for_model(obj)
    return {
        "url": reverse("moderation:flag", args=[content_type.pk, obj.pk]),
        "label": registration.label,
    }


@register.inclusion_tag("moderation/hidden_count.html")
def moderated_count(process):
    """How many contributions of this process the moderation hid."""
    return {"count": services.hidden_count(process)}

