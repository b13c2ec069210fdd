"""{% load comments %}: `{% comments_section obj %}`."""

from django import template

from parvis.comments import registry, selectors
from parvis.comments.forms import CommentForm, TargetForm

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comments_section(context, target):
    """The comments of `target` (a commentable object) and the form to add one."""
    request = context["request"]
    section = selectors.comments_section(target, request.user, request.GET.get("page"))
    target_form = TargetForm(
        initial={"content_type": registry.content_type_of(target).pk, "object_id": target.pk}
    )
    return {
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "section": section,
        "form": CommentForm(),
        "target_form": target_form,
    }
