"""{% load parvis %}: the filters every page may use, `markdown` (people's text, sanitised),
`euros` (« 12 000 € ») and `count` (« 1 234 », « plus de 10 000 » for a capped count)."""

from django import template

from parvis.core import formats, markdown, pagination

register = template.Library()

register.filter("markdown", markdown.render)
register.filter("euros", formats.euros)
register.filter("count", pagination.shown_count)
