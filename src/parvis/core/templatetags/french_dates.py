"""The `date` filter of every template (a builtin, see TEMPLATES in the settings): Django's,
with the first day of a month said « 1er » (« 1er mars 2027 »), as French writes it."""

from django import template
from django.template.defaultfilters import date as django_date
from django.utils.formats import get_format

from parvis.core.formats import first_of_month

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if getattr(value, "day", None) == 1:
        arg = first_of_month(get_format(arg or "DATE_FORMAT"))
    return django_date(value, arg)
