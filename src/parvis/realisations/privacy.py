"""Personal data of realisations: which agent published each milestone (kept for the
follow-up, never published: the public pages, API and open data name the service only).
The people told of a milestone are found through the source tools, which hold their
supports and votes. Registered when the app is ready."""

from django.utils.translation import gettext_lazy as _

from parvis.core import privacy
from parvis.realisations.models import Milestone


def processings() -> list[privacy.Processing]:
    return [
        privacy.Processing(
            _("Suivi des réalisations"),
            _("Publier l'avancement de ce que la participation a fait adopter et informer les"
              " personnes qui l'ont soutenu ou voté de chaque nouvelle étape."),
            privacy.PUBLIC_INTEREST,
            _("Compte de l'agent qui publie une étape, date et heure (non publiés) ; les"
              " soutiens et votes restent dans l'outil d'origine."),
            _("Conservées tant que la réalisation est publiée ; le lien vers le compte est"
              " retiré si le compte est supprimé."),
            subjects=_("Agents de la métropole et des communes qui suivent les réalisations."),
        ),
    ]


def my_milestones(user) -> list[dict]:
    return [{"realisation": milestone.realisation.title, "on": milestone.on,
             "title": milestone.title, "published_at": milestone.created_at}
            for milestone in Milestone.objects.filter(created_by=user)
            .select_related("realisation").order_by("created_at", "pk")]


PERSONAL_DATA = {"realisation_milestones": my_milestones}
