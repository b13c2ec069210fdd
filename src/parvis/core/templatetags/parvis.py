"""{% load parvis %}: the filters every page may use, `markdown` (people's text, sanitised),
`euros` (« 12 000 € »), `count` (« 1 234 », « plus de 10 000 » for a capped count) and
`photo_refusal` (why a photo was refused, from its code), `absolute` (a path on the site's
public address, for e-mails); and the tag `table_head` (a table's
column headings)."""

from django import template
from django.utils.html import format_html, format_html_join

from parvis.core import formats, links, markdown, pagination
from parvis.core.services import photos

register = template.Library()

register.filter("markdown", markdown.render)
register.filter("euros", formats.euros)
register.filter("count", pagination.shown_count)
register.filter("photo_refusal", photos.refusal_message)
register.filter("absolute", links.absolute)


@register.simple_tag
def table_head(*headings):
    """`{% table_head _("Modèle") _("Type") heading %}`: the `<thead>` of a table, one column
    heading a name given; an empty one (a variable left unset) is left out, for a column shown
    only to some people."""
    cells = format_html_join("", '<th scope="col">{}</th>', ((heading,) for heading in headings
                                                             if heading))
    return format_html("<thead><tr>{}</tr></thead>", cells)
