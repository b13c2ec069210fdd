"""Personal data of applications to calls for projects: the privacy register, "Mes
données" and account deletion. Registered when the app is ready."""

from django.utils.translation import gettext_lazy as _

from parvis.calls import applications
from parvis.calls.models import Application
from parvis.core import privacy


def processings() -> list[privacy.Processing]:
    return [
        privacy.Processing(
            _("Candidatures aux appels à projets"),
            _("Instruire les candidatures des structures, les soumettre au jury et informer"
              " leur contact."),
            privacy.PUBLIC_INTEREST,
            _("Compte du contact de la structure ; la structure, le projet, son budget, ses"
              " partenaires et leurs lettres d'intention, visibles du contact, des"
              " organisateurs et du jury de l'appel. Des lauréats, seuls la structure, le"
              " projet, son résumé et l'aide accordée sont publiés."),
            _("Brouillons : jusqu'à la suppression du compte. Candidatures déposées :"
              " archives de l'appel à projets ; le contact est anonymisé quand son compte est"
              " supprimé."),
        ),
    ]


def my_applications(user) -> list[dict]:
    return [
        {
            "call": application.call.title,
            **privacy.values(application, "reference", "status", "organisation",
                             "organisation_kind", "siret", "presentation", "title", "summary",
                             "project", "target_public", "beneficiaries"),
            "indicators": applications.indicator_list(application),
            "requested_amount": application.requested_amount,
            "budget_lines": [
                {"kind": line.kind, "label": line.label, "amount": line.amount}
                for line in application.budget_lines.all()
            ],
            "partners": [
                {"name": partner.name, "role": partner.role, "letter": bool(partner.letter)}
                for partner in application.partners.all()
            ],
            **privacy.values(application, "completeness_note", "created_at", "submitted_at"),
        }
        for application in applications.with_details(Application.objects.filter(contact=user))
    ]


PERSONAL_DATA = {"call_applications": my_applications}
forget = applications.forget_contact
