"""{% load parvis %}: the filters every page may use, `markdown` (people's text, sanitised)
and `euros` (« 12 000 € »)."""

from django import template

from parvis.core import formats, markdown

register = template.Library()

register.filter("markdown", markdown.render)
register.filter("euros", formats.euros)
