"""The participatory budgets' open dataset, listed in the open-data catalog."""

from django.utils.translation import gettext_lazy as _

from parvis.budgets import exports
from parvis.core.datasets import Column, Dataset, Distribution

RESULTS = Dataset(
    slug="budgets-participatifs",
    title=_("Résultats des budgets participatifs"),
    description=_("Pour chaque budget participatif dont les résultats sont publiés : chaque"
                  " projet soumis au vote, son coût, ses voix, ses points selon la règle de"
                  " dépouillement, la part de l'enveloppe qu'il représente et s'il est"
                  " lauréat."),
    processing=_("Les habitantes et habitants votent en ligne ou au guichet ; à la fin du"
                  " vote, la métropole publie le dépouillement, calculé selon la règle annoncée"
                  " (vote majoritaire ou parts égales). Le jeu de données reprend les"
                  " résultats publiés, une ligne par projet et par enveloppe ; les bulletins"
                  " anonymisés qui permettent de refaire le calcul sont publiés sur la page"
                  " des résultats de chaque budget, au format pabulib."),
    removed=[_("les votantes et votants (ni nom, ni compte, ni numéro de reçu)"),
             _("la date et le lieu de chaque vote")],
    biases=_("Les votantes et votants ne sont pas un échantillon représentatif : la"
             " participation varie selon les communes, l'âge et l'aisance numérique, malgré"
             " les guichets. Un projet bien présenté ou porté par une association active"
             " recueille plus de voix."),
    columns=[
        Column("budget", "string", _("Budget"), _("Identifiant court du budget."),
               required=True),
        Column("budget_titre", "string", _("Titre du budget"), required=True),
        Column("enveloppe", "string", _("Enveloppe"), required=True),
        Column("enveloppe_montant", "integer", _("Montant de l'enveloppe (euros)"),
               required=True, minimum=0),
        Column("bulletins", "integer", _("Bulletins dans l'enveloppe"), required=True,
               minimum=0),
        Column("projet", "integer", _("Identifiant du projet"), required=True, minimum=1),
        Column("titre", "string", _("Titre du projet"), required=True),
        Column("cout", "number", _("Coût (euros)"), required=True, minimum=0),
        Column("voix", "integer", _("Voix"), required=True, minimum=0),
        Column("points", "number", _("Points selon la règle de dépouillement"),
               required=True, minimum=0),
        Column("part_enveloppe", "number", _("Part de l'enveloppe (%)"), required=True,
               minimum=0),
        Column("laureat", "boolean", _("Lauréat"), required=True),
        Column("rang", "integer", _("Tour de sélection"), _("Vide si non lauréat."),
               minimum=1),
        Column("resultats_publies_le", "datetime", _("Date de publication des résultats"),
               required=True),
    ],
    distributions=[Distribution("csv", "budgets:all_results_csv", exports.csv_lines)],
    frequency="IRREG",
    primary_key="projet",
    keywords=[_("budget participatif"), _("vote"), _("résultats")],
)

DATASETS = [RESULTS]
