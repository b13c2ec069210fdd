"""The agenda's open dataset, listed in the open-data catalog."""

from django.utils.translation import gettext_lazy as _

from parvis.agenda import exports
from parvis.core.datasets import Column, Dataset, Distribution

EVENTS = Dataset(
    slug="evenements",
    title=_("Événements de participation"),
    description=_("Les réunions publiques, ateliers et concertations de l'agenda de la"
                  " participation : dates, lieu, commune, démarche, et s'il faut s'inscrire."),
    processing=_("Les agents de la métropole et des communes publient les événements dans"
                  " l'agenda. Le jeu de données reprend tous les événements publiés et ouverts"
                  " à tous, passés et à venir ; le lieu est celui de la réunion publique."),
    removed=[_("les inscriptions (noms, e-mails, nombre d'accompagnants)"),
             _("les événements réservés aux membres d'un panel"),
             _("les agents qui ont publié l'événement")],
    biases=_("L'agenda ne contient que les événements que les services y publient : des"
             " réunions organisées autrement (par une commune seule, une association) peuvent"
             " manquer."),
    columns=[
        Column("identifiant", "string", _("Identifiant"), required=True, unique=True),
        Column("titre", "string", _("Titre"), required=True),
        Column("demarche", "string", _("Démarche")),
        Column("commune", "string", _("Commune"), _("Vide : en ligne ou toute la métropole.")),
        Column("debut", "datetime", _("Début"), required=True),
        Column("fin", "datetime", _("Fin"), required=True),
        Column("lieu", "string", _("Lieu")),
        Column("adresse", "string", _("Adresse du lieu")),
        Column("latitude", "number", _("Latitude du lieu (WGS 84)"), minimum=-90, maximum=90),
        Column("longitude", "number", _("Longitude du lieu (WGS 84)"), minimum=-180,
               maximum=180),
        Column("en_ligne", "boolean", _("En ligne"), required=True),
        Column("inscription_obligatoire", "boolean", _("Inscription obligatoire"),
               required=True),
        Column("places", "integer", _("Nombre de places"), minimum=0),
        Column("url", "string", _("Adresse de l'événement"), required=True),
    ],
    distributions=[Distribution("csv", "agenda:export_csv", exports.csv_lines)],
    keywords=[_("agenda"), _("réunions publiques"), _("concertation")],
    primary_key="identifiant",
)

DATASETS = [EVENTS]
