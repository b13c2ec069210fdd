"""The panels' open dataset: their composition, in counts."""

from django.utils.translation import gettext_lazy as _

from parvis.core.datasets import Column, Dataset, Distribution
from parvis.panels import exports
from parvis.panels.models import PanelStatus

COMPOSITION = Dataset(
    slug="panels-composition",
    title=_("Composition des panels citoyens"),
    description=_("Pour chaque panel citoyen public et chaque critère de ses quotas (commune,"
                  " tranche d'âge, autres questions du tirage au sort) : les quotas visés, le"
                  " nombre de volontaires et le nombre de membres actifs."),
    processing=_("Les volontaires répondent à quelques questions de profil pour le tirage au"
                  " sort. Le jeu de données ne publie que des effectifs par valeur de chaque"
                  " critère, jamais un profil : il ne dit rien de plus que la liste anonymisée"
                  " publiée avec chaque tirage. Les candidatures retirées ou non éligibles ne"
                  " sont pas comptées."),
    removed=[_("l'identité, la date de naissance et les réponses de chaque personne"),
             _("les identifiants publics des volontaires et le détail des tirages")],
    biases=_("Les volontaires se proposent eux-mêmes : le tirage au sort corrige leur"
             " répartition selon les quotas, pas les critères qui n'en font pas partie."),
    columns=[
        Column("panel", "string", _("Panel"), _("Identifiant court du panel."), required=True),
        Column("panel_titre", "string", _("Titre du panel"), required=True),
        Column("statut_panel", "string", _("Statut du panel"), required=True,
               enum=[status for status in PanelStatus.values if status != PanelStatus.DRAFT]),
        Column("categorie", "string", _("Critère"), required=True),
        Column("categorie_libelle", "string", _("Libellé du critère"), required=True),
        Column("valeur", "string", _("Valeur"), required=True),
        Column("valeur_libelle", "string", _("Libellé de la valeur"), required=True),
        Column("quota_min", "integer", _("Quota minimal"), required=True, minimum=0),
        Column("quota_max", "integer", _("Quota maximal"), required=True, minimum=0),
        Column("volontaires", "integer", _("Volontaires"), required=True, minimum=0),
        Column("membres", "integer", _("Membres actifs"), required=True, minimum=0),
    ],
    distributions=[Distribution("csv", "panels:composition_csv", exports.csv_lines)],
    keywords=[_("panel citoyen"), _("tirage au sort"), _("participation citoyenne")],
)

DATASETS = [COMPOSITION]
