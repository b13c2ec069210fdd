"""Citizen panels in « Mon espace »: the panels I belong to (their members' space) and my
applications to join one."""

from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.core.formats import date_format
from parvis.core.modules import Entry, section
from parvis.panels.models import Member, Volunteer


def my_space(user) -> list:
    memberships = Member.objects.filter(user=user, withdrawn_at=None).select_related(
        "panel").order_by("-joined_at", "-pk")
    applications = Volunteer.objects.filter(user=user, member=None).select_related(
        "panel").order_by("-created_at", "-pk")
    return [
        section(_("Mes panels citoyens"), memberships, lambda member: Entry(
            member.panel.title, reverse("panels:space", args=[member.panel.slug]),
            _("membre depuis le %s") % date_format(member.joined_at, "j F Y"),
        )),
        section(_("Mes candidatures à un panel"), applications, lambda volunteer: Entry(
            volunteer.panel.title, reverse("panels:application", args=[volunteer.panel.slug]),
            volunteer.get_status_display(),
        )),
    ]
