"""The realisations' open dataset, listed in the open-data catalog."""

from django.utils.translation import gettext_lazy as _

from parvis.core.datasets import Column, Dataset, Distribution, status_columns
from parvis.realisations import exports
from parvis.realisations.models import Status

REALISATIONS = Dataset(
    slug="realisations",
    title=_("Réalisations des projets adoptés"),
    description=_("Le suivi de ce que la participation a fait adopter : projets lauréats des"
                  " budgets participatifs, idées retenues, lauréats des appels à projets et"
                  " engagements de la stratégie numérique responsable. Pour chacun : son"
                  " statut, son avancement, son budget prévu et dépensé, le service chargé de"
                  " la réalisation, son lieu et ses étapes."),
    processing=_("Chaque réalisation est créée à partir de ce qu'un outil de participation a"
                 " adopté, puis tenue à jour par les agents du service chargé de la"
                 " réalisation et les gestionnaires de la démarche (saisie ou import d'un"
                 " fichier). Le jeu de données reprend les réalisations des démarches ouvertes"
                 " à tous et celles de la stratégie."),
    removed=[_("les agents qui tiennent le suivi à jour (seul le service est publié)"),
             _("les personnes qui ont soutenu ou voté pour le projet"),
             _("le texte et les photos des étapes (publiés sur la page de chaque réalisation)")],
    biases=_("L'avancement et les dépenses sont déclarés par les services : leur mise à jour"
             " dépend de chacun, la date de dernière mise à jour l'indique. Les montants"
             " prévus sont ceux votés ou accordés, pas toujours le coût final."),
    columns=[
        Column("origine", "string", _("Origine"), _("Ce qui a été adopté, par exemple"
               " budgets.project:42."), required=True, unique=True),
        Column("outil", "string", _("Outil d'origine"), required=True),
        Column("titre", "string", _("Titre"), required=True),
        *status_columns(Status.values),
        Column("avancement", "integer", _("Avancement (%)"), required=True, minimum=0,
               maximum=100),
        Column("budget_prevu", "integer", _("Budget prévu (€)"), minimum=0),
        Column("depenses", "integer", _("Dépenses engagées (€)"), minimum=0),
        Column("service", "string", _("Service chargé de la réalisation")),
        Column("commune", "string", _("Commune")),
        Column("latitude", "number", _("Latitude"), minimum=-90, maximum=90),
        Column("longitude", "number", _("Longitude"), minimum=-180, maximum=180),
        Column("etapes", "integer", _("Nombre d'étapes publiées"), required=True, minimum=0),
        Column("derniere_etape", "date", _("Date de la dernière étape")),
        Column("mise_a_jour_le", "datetime", _("Date de dernière mise à jour"), required=True),
        Column("url", "string", _("Adresse de la réalisation"), required=True),
        Column("url_origine", "string", _("Adresse de ce qui a été adopté"), required=True),
    ],
    distributions=[Distribution("csv", "realisations:export_csv", exports.csv_lines)],
    keywords=[_("participation citoyenne"), _("réalisations"), _("budget participatif")],
    primary_key="origine",
)

DATASETS = [REALISATIONS]
