"""The strategy's open dataset: the history of its indicators' values."""

from django.utils.translation import gettext_lazy as _

from parvis.core.datasets import Column, Dataset, Distribution
from parvis.indicators import exports
from parvis.indicators.models import Origin

VALUES = Dataset(
    slug="indicateurs-strategie-numerique",
    title=_("Valeurs des indicateurs de la stratégie numérique responsable"),
    description=_("Chaque valeur enregistrée pour les indicateurs de la stratégie numérique"
                  " responsable de la métropole, avec la cible de l'indicateur et son"
                  " échéance."),
    processing=_("Les valeurs sont saisies ou importées par les services pilotes, ou calculées"
                  " par Parvis à partir de ses propres données (équipements prêtés, réponses"
                  " aux consultations…). Une valeur n'est jamais modifiée : une correction"
                  " ajoute une valeur pour le même jour, et le fichier les garde toutes."),
    removed=[_("la personne qui a enregistré chaque valeur et sa note")],
    biases=_("Certaines valeurs sont déclarées par les services eux-mêmes ; la fréquence de"
             " mise à jour varie d'un indicateur à l'autre."),
    columns=[
        Column("indicateur", "string", _("Code de l'indicateur"), required=True),
        Column("nom", "string", _("Indicateur"), required=True),
        Column("unite", "string", _("Unité"), required=True),
        Column("axe", "string", _("Axe de la stratégie"), _("Identifiant court de l'axe."),
               required=True),
        Column("date", "date", _("Date de la valeur"), required=True),
        Column("valeur", "number", _("Valeur"), required=True),
        Column("origine", "string", _("Origine de la valeur"), required=True,
               enum=list(Origin.values)),
        Column("cible", "number", _("Cible"), required=True),
        Column("echeance_cible", "date", _("Échéance de la cible"), required=True),
        Column("enregistree_le", "datetime", _("Enregistrée le"), required=True),
    ],
    distributions=[Distribution("csv", "indicators:values_csv", exports.csv_lines)],
    frequency="MONTHLY",
    keywords=[_("stratégie numérique responsable"), _("indicateurs"), _("numérique")],
)

DATASETS = [VALUES]
