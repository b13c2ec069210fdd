"""Realisations in « Mon espace »: those of what I supported or voted for."""

from django.utils.translation import gettext as _

from parvis.core import modules
from parvis.core.modules import Entry, section
from parvis.realisations import selectors


def my_space(user) -> list:
    realisations = selectors.public().filter(
        source_key__in=modules.supported_by(user)).order_by("-updated_at", "-pk")
    return [section(_("Réalisation des projets que j'ai soutenus"), realisations,
                    lambda realisation: Entry(
                        realisation.title, realisation.get_absolute_url(),
                        _("%(status)s, %(progress)s %%") % {
                            "status": realisation.get_status_display(),
                            "progress": realisation.progress}))]
