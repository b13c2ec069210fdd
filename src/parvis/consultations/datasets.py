"""The consultations' open dataset, listed in the open-data catalog."""

from django.utils.translation import gettext_lazy as _

from parvis.consultations import exports
from parvis.core.datasets import Column, Dataset, Distribution

ANSWERS = Dataset(
    slug="consultations-reponses",
    title=_("Réponses anonymisées aux consultations"),
    description=_("Les réponses aux consultations ouvertes à tous dont les résultats sont"
                  " publics, une ligne par réponse à une question : la consultation, le"
                  " numéro de la réponse, le jour, le site où elle a été donnée, la question"
                  " et la valeur répondue."),
    processing=_("Chaque personne répond en ligne, sur une tablette d'un lieu public ou par un"
                  " QR code. Le jeu de données reprend les réponses envoyées aux consultations"
                  " ouvertes à tous, dès que leurs résultats sont publics (pendant la"
                  " consultation ou après sa clôture, comme elle l'annonce). Chaque réponse"
                  " reçoit un numéro propre à l'export, sans lien avec la personne. Un point"
                  " placé sur une carte est remplacé par sa commune ; une réponse libre"
                  " n'apparaît qu'une fois publiée par la modération."),
    removed=[_("la personne qui répond (compte, e-mail, appareil, adresse IP)"),
             _("l'heure exacte de la réponse (seul le jour reste)"),
             _("la position exacte d'un point sur une carte (seule la commune reste)"),
             _("les réponses libres non publiées ou rejetées par la modération"),
             _("les consultations réservées aux membres d'un panel")],
    biases=_("Les personnes qui répondent se sont portées volontaires : elles ne forment pas"
             " un échantillon représentatif des habitantes et habitants. Les réponses"
             " recueillies sur un site (une tablette dans un lieu) reflètent son public."),
    columns=[
        Column("consultation", "string", _("Consultation"),
               _("Identifiant court de la consultation."), required=True),
        Column("reponse", "integer", _("Numéro de la réponse"),
               _("Propre à la consultation et à l'export."), required=True, minimum=1),
        Column("site", "string", _("Site de recueil")),
        Column("date", "date", _("Jour de la réponse"), required=True),
        Column("public_sans_compte", "string", _("Répondu sans compte"), required=True,
               enum=["oui", "non"]),
        Column("question", "string", _("Question"), required=True),
        Column("valeur", "string", _("Réponse"), required=True),
    ],
    distributions=[Distribution("csv", "consultations:open_answers_csv",
                                exports.answer_lines)],
    keywords=[_("consultation"), _("questionnaire"), _("participation citoyenne")],
)

DATASETS = [ANSWERS]
