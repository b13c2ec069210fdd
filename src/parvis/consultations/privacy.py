"""Personal data in consultations: the privacy register, "Mes données" and account deletion.

On account deletion sent answers stay, counted in the results but no longer linked to the
person; drafts are deleted.
"""

from django.utils.translation import gettext_lazy as _

from parvis.consultations import services
from parvis.consultations.models import Response
from parvis.core import privacy


def processings() -> list[privacy.Processing]:
    return [
        privacy.Processing(
            _("Consultations"),
            _("Recueillir l'avis des habitantes et habitants sur les projets de la métropole"
              " et en publier les résultats agrégés."),
            privacy.PUBLIC_INTEREST,
            _("Réponses aux questionnaires, reliées au compte quand la consultation demande"
              " d'être connecté·e ; sans compte, un jeton aléatoire propre à l'appareil"
              " (cookie) évite les doublons, et l'adresse IP n'est conservée qu'une heure,"
              " sous forme d'empreinte, pour limiter les envois."),
            _("Jusqu'à la suppression du compte : les réponses envoyées restent alors dans"
              " les résultats sans être reliées à personne, les brouillons sont supprimés."),
        ),
    ]


def my_responses(user) -> list[dict]:
    responses = (
        Response.objects.filter(respondent=user)
        .select_related("consultation", "site")
        .prefetch_related("answers__question")
    )
    return [
        {
            "consultation": response.consultation.title,
            **privacy.names_of(response, "site"),
            "is_draft": response.is_draft,
            "created_at": response.created_at,
            "submitted_at": response.submitted_at,
            "answers": [
                {"question": answer.question.label, "value": answer.value}
                for answer in response.answers.all()
            ],
        }
        for response in responses
    ]


PERSONAL_DATA = {"consultations": my_responses}
forget = services.detach_respondent
