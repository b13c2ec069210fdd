"""{% load parvis %}: the filters every page may use, `markdown` (people's text, sanitised),
`euros` (« 12 000 € »), `count` (« 1 234 », « plus de 10 000 » for a capped count) and
`photo_refusal` (why a photo was refused, from its code)."""

from django import template

from parvis.core import formats, markdown, pagination
from parvis.core.services import photos

register = template.Library()

register.filter("markdown", markdown.render)
register.filter("euros", formats.euros)
register.filter("count", pagination.shown_count)
register.filter("photo_refusal", photos.refusal_message)
