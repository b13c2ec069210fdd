"""The reports' open dataset, listed in the open-data catalog."""

from django.utils.translation import gettext_lazy as _

from parvis.core.datasets import Column, Dataset, Distribution, status_columns
from parvis.reports import exports
from parvis.reports.models import Report, Status


def all_reports():
    return Report.objects.all()


REPORTS = Dataset(
    slug="signalements",
    title=_("Signalements dans l'espace public"),
    description=_("Les problèmes signalés par les habitantes et habitants dans l'espace public"
                  " (voirie, éclairage, propreté…) : leur catégorie, leur commune, le service"
                  " qui les traite, leur statut et leurs dates, avec un point approximatif."),
    processing=_("Chaque signalement envoyé sur le site ou par l'API Open311 est routé vers le"
                  " service compétent, qui le traite et en change le statut. Le jeu de données"
                  " en donne une ligne par signalement, sans rien de ce que la personne a"
                  " écrit : le titre et le message peuvent nommer des personnes. Le point est"
                  " arrondi à 3 décimales (environ 100 m) pour qu'un signalement fait devant"
                  " chez soi ne désigne pas la maison."),
    removed=[_("la personne qui a signalé (compte, e-mail, nom, téléphone, adresse IP)"),
             _("le titre, le message, l'adresse saisie et la photo"),
             _("la position exacte (arrondie à environ 100 m)"),
             _("les agents qui ont traité le signalement")],
    biases=_("Un signalement dit qu'une personne a vu un problème et a pris le temps de le"
             " signaler : les quartiers où l'on signale davantage ne sont pas forcément ceux"
             " où il y a le plus de problèmes. Un même problème peut être signalé plusieurs"
             " fois (statut « doublon », compteur « moi aussi »)."),
    columns=[
        Column("numero", "string", _("Numéro de suivi"), required=True, unique=True),
        Column("categorie_code", "string", _("Code de la catégorie"), required=True),
        Column("categorie", "string", _("Catégorie"), required=True),
        Column("commune_insee", "string", _("Code INSEE de la commune"), required=True),
        Column("commune", "string", _("Commune"), required=True),
        Column("service", "string", _("Service qui traite le signalement"), required=True),
        *status_columns(Status.values),
        Column("signale_le", "datetime", _("Date du signalement"), required=True),
        Column("mis_a_jour_le", "datetime", _("Date de la dernière mise à jour"),
               required=True),
        Column("clos_le", "datetime", _("Date de clôture")),
        Column("moi_aussi", "integer", _("Personnes ayant signalé le même problème"),
               required=True, minimum=0),
        Column("latitude_arrondie", "number", _("Latitude arrondie (WGS 84)"),
               _("À 3 décimales, soit environ 100 m."), minimum=-90, maximum=90),
        Column("longitude_arrondie", "number", _("Longitude arrondie (WGS 84)"),
               _("À 3 décimales, soit environ 100 m."), minimum=-180, maximum=180),
    ],
    distributions=[
        Distribution("csv", "reports:export_csv",
                     lambda: exports.batched(exports.csv_lines(all_reports()))),
        Distribution("geojson", "reports:export_geojson",
                     lambda: exports.batched(exports.geojson_parts(all_reports()))),
    ],
    keywords=[_("signalements"), _("espace public"), _("voirie"), _("Open311")],
    primary_key="numero",
)

DATASETS = [REPORTS]
