"""The ideas' open dataset, listed in the open-data catalog."""

from django.utils.translation import gettext_lazy as _

from parvis.core.datasets import Column, Dataset, Distribution, status_columns
from parvis.ideas import exports
from parvis.ideas.models import LISTED_STATUSES

IDEAS = Dataset(
    slug="idees",
    title=_("Idées des boîtes à idées"),
    description=_("Les idées publiées dans les boîtes à idées publiques de la métropole : leur"
                  " texte, leur thème, leur commune, leur statut, la dernière réponse publique"
                  " de la métropole et leur nombre de soutiens."),
    processing=_("Les idées sont écrites par les habitantes et habitants pour être publiées."
                  " Le jeu de données reprend celles qui sont en ligne dans une démarche"
                  " ouverte à tous, à l'exception des brouillons, des idées retirées, fusionnées"
                  " ou masquées par la modération."),
    removed=[_("l'auteur ou l'autrice (ni nom, ni pseudonyme, ni compte)"),
             _("les personnes qui ont soutenu une idée (seul leur nombre reste)"),
             _("l'image et la position exacte facultatives"),
             _("les commentaires et l'agent qui a répondu")],
    biases=_("Les idées viennent des personnes qui ont un compte et pensent à écrire : les"
             " jeunes, les personnes éloignées du numérique et certaines communes sont moins"
             " représentés. Le nombre de soutiens dépend aussi de la date de publication."),
    columns=[
        Column("id", "integer", _("Identifiant"), required=True, unique=True, minimum=1),
        Column("boite", "string", _("Boîte à idées"), _("Identifiant court de la boîte."),
               required=True),
        Column("titre", "string", _("Titre"), required=True),
        Column("description", "string", _("Description")),
        Column("theme", "string", _("Thème")),
        Column("commune", "string", _("Commune")),
        *status_columns([str(status) for status in LISTED_STATUSES]),
        Column("derniere_reponse", "string", _("Dernière réponse publique")),
        Column("soutiens", "integer", _("Nombre de soutiens"), required=True, minimum=0),
        Column("publiee_le", "datetime", _("Date de publication"), required=True),
        Column("modifiee_le", "datetime", _("Date de dernière modification")),
        Column("url", "string", _("Adresse de l'idée"), required=True),
    ],
    distributions=[
        Distribution("csv", "ideas:all_csv", exports.csv_lines),
        Distribution("json", "ideas:all_json", exports.json_parts),
    ],
    keywords=[_("participation citoyenne"), _("idées"), _("propositions")],
    primary_key="id",
)

DATASETS = [IDEAS]
