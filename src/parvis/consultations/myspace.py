"""Consultation answers in « Mon espace »: sent, or a draft to finish."""

from django.utils.translation import gettext as _

from parvis.consultations.models import Response
from parvis.core.formats import date_format
from parvis.core.modules import Entry, section


def state(response: Response) -> str:
    if response.is_draft:
        return _("brouillon à terminer")
    return _("envoyée le %s") % date_format(response.submitted_at or response.created_at,
                                            "j F Y")


def my_space(user) -> list:
    responses = Response.objects.filter(respondent=user).select_related(
        "consultation").order_by("-created_at", "-pk")
    return [section(_("Mes réponses aux consultations"), responses, lambda response: Entry(
        response.consultation.title, response.consultation.get_absolute_url(), state(response),
    ))]
