"""Why each project won or lost, and how a voter's share was spent, in plain French.

Everything comes from a stored tally (`results.SubBudgetResults`): the outcome of each
project (its round, the money its supporters had left when it was dropped, the budget left
when greedy reached it) and, under equal shares, what each group of identical ballots paid
for each project. Exact amounts are shown rounded to the euro.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from parvis.budgets.models import Ballot, BallotFormat, Budget, Project, TallyRule
from parvis.budgets.results import (
    BudgetResults,
    ProjectLine,
    SubBudgetResults,
    ballots_file_name,
)
from parvis.budgets.tally import Completion, Rule, TieBreaking
from parvis.core import formats


def euros(amount) -> str:
    """An exact amount rounded to the euro (halves up), written as `formats.euros` does."""
    return formats.euros(math.floor(Fraction(amount) + Fraction(1, 2)))


# The rules, for everyone --------------------------------------------------------------


def rule_explanation(budget: Budget) -> list[str]:
    """How the projects are chosen under the budget's rule, paragraph by paragraph."""
    if budget.rule == TallyRule.GREEDY:
        paragraphs = [_(
            "Les projets sont classés par nombre de voix décroissant et retenus dans cet ordre"
            " tant qu'ils tiennent dans l'enveloppe : un projet trop cher pour ce qu'il reste"
            " est passé, et le suivant est examiné."
        )]
    else:
        paragraphs = [
            _("L'enveloppe est partagée à parts égales entre les votants : chacun reçoit une"
              " part qu'il ne peut dépenser que pour les projets qu'il a choisis. Un projet est"
              " financé quand ses soutiens peuvent réunir son coût ensemble, en le partageant"
              " entre eux aussi également que possible. À chaque tour est financé le projet"
              " qui demande le moins à chacun de ses soutiens."),
            _("Pour utiliser au mieux l'enveloppe, la part de chacun est ensuite augmentée d'un"
              " euro à la fois, tant que les projets financés tiennent dans l'enveloppe et"
              " qu'il y reste de quoi financer un autre projet choisi (la règle"
              " « equalshares/add1 » du format pabulib, celle des villes qui ont adopté cette"
              " méthode)."),
            _("Ainsi, un groupe qui rassemble le cinquième des votants décide de l'usage"
              " d'environ un cinquième de l'enveloppe : les quartiers et les centres d'intérêt"
              " moins nombreux ont aussi leurs projets."),
        ]
        if budget.ballot_format == BallotFormat.CUMULATIVE:
            paragraphs.append(_("Avec le vote par points, chaque soutien paie en proportion"
                                " des points qu'il a donnés au projet."))
    paragraphs.append(_(
        "En cas d'égalité, le projet qui a le plus de soutiens passe en premier, puis le moins"
        " cher, puis celui dont le numéro est le plus petit."
    ))
    return paragraphs


COMPLETIONS = {
    Completion.NONE: gettext_lazy("aucun : la part de chaque votant reste l'enveloppe divisée"
                                  " par le nombre de votants"),
    Completion.ADD1: gettext_lazy("add1 : part de chaque votant augmentée d'un euro à la fois"
                                  " jusqu'à ce que le résultat dépasse l'enveloppe ou l'épuise"),
    Completion.ADD1_WITHIN_BUDGET: gettext_lazy(
        "add1 : part de chaque votant augmentée d'un euro à la fois tant que le résultat tient"
        " dans l'enveloppe"),
    Completion.ADD1_GREEDY: gettext_lazy(
        "add1 puis glouton : part augmentée d'un euro à la fois, puis le reste de l'enveloppe"
        " aux projets suivants par nombre de voix"),
}
TIE_BREAKINGS = {
    TieBreaking.SUPPORT: gettext_lazy("le projet qui a le plus de soutiens d'abord, puis le"
                                      " moins cher, puis le plus petit numéro"),
    TieBreaking.LEXICOGRAPHIC: gettext_lazy("le plus petit numéro, lu comme du texte"),
}


def method_terms(results: SubBudgetResults) -> list[tuple[str, str]]:
    """The rule of a stored tally with all its parameters, and the digest of the published
    ballots file, as (term, description) pairs."""
    result = results.result
    rule = Rule(result["rule"])
    terms = [(_("Règle"), str(TallyRule(result["rule"]).label) if rule in TallyRule.values
              else rule.value)]
    if rule is Rule.EQUAL_SHARES:
        terms.append((_("Complément"), str(COMPLETIONS[Completion(result["completion"])])))
    elif Fraction(result.get("threshold") or 0):
        terms.append((_("Score minimal d'un projet"), result["threshold"]))
    terms.append((_("Départage des égalités"),
                  str(TIE_BREAKINGS[TieBreaking(result["tie_breaking"])])))
    if result.get("ballots_sha256"):
        terms.append((_("Empreinte SHA-256 du fichier des bulletins"), result["ballots_sha256"]))
    return terms


def recount_command(results: SubBudgetResults) -> str:
    """One command that recounts a sub-budget's ballots file under the stored rule and
    parameters, and fails if the winners differ from the published ones."""
    result = results.result
    options = [f"--rule {result['rule']}", f"--tie-breaking {result['tie_breaking']}"]
    if result["rule"] == Rule.EQUAL_SHARES:
        options.insert(1, f"--completion {result['completion']}")
    elif Fraction(result.get("threshold") or 0):
        options.insert(1, f"--threshold {result['threshold']}")
    return (f"parvis tally --verify {ballots_file_name(results.sub_budget)} {' '.join(options)}"
            f" --expect {','.join(result['selected'])}")


# Projects -----------------------------------------------------------------------------


@dataclass
class Funding:
    """What the supporters of a project paid for another project."""

    project: Project
    amount: Fraction
    selected: bool


@dataclass
class ProjectExplanation:
    results: SubBudgetResults
    line: ProjectLine
    verdict: str
    reasons: list[str]
    funding: list[Funding] = field(default_factory=list)


def _budget_left_before(results: SubBudgetResults, line: ProjectLine) -> Fraction:
    """The money left in the envelope when a selected project was added."""
    earlier = [other.cost for other in results.selected
               if other.outcome["round"] < line.outcome["round"]]
    return results.sub_budget.amount - sum(earlier, Fraction(0))


def _payments(results: SubBudgetResults, project_id: str) -> list[tuple[Fraction, int]]:
    """(amount, voters) paid for a project by each group of identical ballots."""
    return [(Fraction(group["spent"][project_id]), len(group["voter_ids"]))
            for group in results.result["voters"] if project_id in group["spent"]]


def _funding(results: SubBudgetResults, supporters: set[str]) -> list[Funding]:
    """Where the money of these voters went, most first."""
    paid: Counter = Counter()
    for group in results.result["voters"]:
        count = len(supporters.intersection(group["voter_ids"]))
        if count:
            for project_id, amount in group["spent"].items():
                paid[project_id] += Fraction(amount) * count
    lines = {str(line.project.pk): line for line in results.lines}
    return [Funding(lines[project_id].project, amount, lines[project_id].selected)
            for project_id, amount in paid.most_common() if project_id in lines]


def _selected_reasons(results: SubBudgetResults, line: ProjectLine) -> tuple[str, list[str]]:
    values = {"cost": euros(line.cost), "votes": line.votes,
              "left": euros(_budget_left_before(results, line))}
    if line.outcome["selected_by"] == TallyRule.EQUAL_SHARES:
        payments = _payments(results, str(line.project.pk))
        amounts = [amount for amount, _count in payments]
        payers = sum(count for _amount, count in payments)
        values |= {"payers": payers, "least": euros(min(amounts, default=0)),
                   "most": euros(max(amounts, default=0)),
                   "endowment": euros(results.result["endowment"])}
        reasons = [_("Chaque votant de l'enveloppe disposait d'une part de %(endowment)s.")
                   % values]
        if values["least"] == values["most"]:
            reasons.append(ngettext(
                "Son soutien a payé son coût de %(cost)s.",
                "Ses %(payers)d soutiens ont réuni son coût de %(cost)s : %(most)s chacun.",
                payers) % values)
        else:
            reasons.append(_("Ses %(payers)d soutiens ont réuni son coût de %(cost)s : de"
                             " %(least)s à %(most)s chacun.") % values)
        reasons.append(_("Il a été financé au tour %(round)d de la méthode des parts égales.")
                       % {"round": line.outcome["round"]})
        return _("Lauréat : ses soutiens ont réuni son coût."), reasons
    if results.result["rule"] == TallyRule.EQUAL_SHARES:
        return _("Lauréat : ajouté pour compléter l'enveloppe."), [_(
            "Une fois les parts des votants dépensées, il restait %(left)s dans l'enveloppe."
            " Les projets restants ont été ajoutés par nombre de voix décroissant tant qu'ils"
            " tenaient dans ce reste : avec %(votes)d voix, celui-ci coûtait %(cost)s."
        ) % values]
    return _("Lauréat."), [_(
        "Avec %(votes)d voix, son tour est venu quand il restait %(left)s dans l'enveloppe :"
        " son coût de %(cost)s y tenait."
    ) % values]


def _lost_reasons(line: ProjectLine) -> list[str]:
    outcome = line.outcome
    if not line.votes:
        return [_("Aucun bulletin ne l'a choisi.")]
    reasons = []
    if outcome["supporters_money"] is not None:
        money = Fraction(outcome["supporters_money"])
        reasons.append(ngettext(
            "Son soutien n'avait plus que %(money)s, moins que son coût de %(cost)s (il"
            " manquait %(missing)s).",
            "Ses %(votes)d soutiens n'avaient plus que %(money)s à eux tous, moins que son"
            " coût de %(cost)s (il manquait %(missing)s).",
            line.votes,
        ) % {"votes": line.votes, "money": euros(money), "cost": euros(line.cost),
             "missing": euros(line.cost - money)})
    if outcome["budget_left"] is not None:
        reasons.append(_(
            "Avec %(votes)d voix, son tour est venu quand il ne restait que %(left)s dans"
            " l'enveloppe, moins que son coût de %(cost)s."
        ) % {"votes": line.votes, "left": euros(outcome["budget_left"]),
             "cost": euros(line.cost)})
    return reasons


def explain_project(results: SubBudgetResults, line: ProjectLine,
                    supporters: set[str]) -> ProjectExplanation:
    """Why a project won or lost; `supporters` are the voter ids of the ballots choosing it."""
    if line.selected:
        verdict, reasons = _selected_reasons(results, line)
        return ProjectExplanation(results, line, verdict, reasons)
    funding = [item for item in _funding(results, supporters) if item.project != line.project]
    if funding:
        verdict = _("Non retenu : l'argent de ses soutiens a financé d'autres projets qu'ils"
                    " avaient choisis.")
    else:
        verdict = _("Non retenu.")
    return ProjectExplanation(results, line, verdict, _lost_reasons(line), funding)


# Voters -------------------------------------------------------------------------------


@dataclass
class VoterChoice:
    line: ProjectLine
    points: int
    paid: Fraction | None  # equal shares: what this voter paid for it


@dataclass
class VoterExplanation:
    results: SubBudgetResults
    choices: list[VoterChoice]
    endowment: Fraction | None
    left: Fraction | None
    summary: str


def _group_of(results: SubBudgetResults, voter_id: str) -> dict | None:
    return next((group for group in results.result["voters"]
                 if voter_id in group["voter_ids"]), None)


def _voter_summary(choices: list[VoterChoice], group: dict | None) -> str:
    won = sum(choice.line.selected for choice in choices)
    if group is None:
        if not won:
            return _("Aucun des projets que vous avez choisis n'est lauréat.")
        return ngettext(
            "%(won)d des %(total)d projets que vous avez choisis est lauréat.",
            "%(won)d des %(total)d projets que vous avez choisis sont lauréats.", won,
        ) % {"won": won, "total": len(choices)}
    spent = Fraction(group["endowment"]) - Fraction(group["left"])
    values = {"endowment": euros(group["endowment"]), "left": euros(group["left"]),
              "spent": euros(spent)}
    if values["spent"] == euros(0):
        message = _("Votre part était de %(endowment)s : elle n'a servi à aucun projet, car ceux"
                    " que vous aviez choisis n'ont pas réuni assez de soutiens pour être"
                    " financés par les parts égales.")
    elif values["left"] == euros(0):
        message = _("Votre part était de %(endowment)s : elle a entièrement financé des projets"
                    " que vous aviez choisis.")
    else:
        message = _("Votre part était de %(endowment)s : %(spent)s ont financé des projets que"
                    " vous aviez choisis ; les %(left)s restants n'ont pu servir à aucun autre"
                    " de vos projets, faute d'assez de soutiens pour réunir leur coût.")
    return message % values


def explain_voter(budget_results: BudgetResults, ballot: Ballot,
                  voter_id: str) -> list[VoterExplanation]:
    """For each envelope the ballot chose projects in: its choices, their outcome and, under
    equal shares, how the voter's share was spent."""
    explanations = []
    for results in budget_results.sub_budgets:
        lines = {line.project.pk: line for line in results.lines}
        chosen = [choice for choice in ballot.choices.all() if choice.project_id in lines]
        if not chosen:
            continue
        group = _group_of(results, voter_id)
        spent = group["spent"] if group else {}
        choices = [
            VoterChoice(lines[choice.project_id], choice.points,
                        Fraction(spent[str(choice.project_id)])
                        if str(choice.project_id) in spent else None)
            for choice in chosen
        ]
        choices.sort(key=lambda choice: (not choice.line.selected, -(choice.paid or 0)))
        explanations.append(VoterExplanation(
            results, choices,
            Fraction(group["endowment"]) if group else None,
            Fraction(group["left"]) if group else None,
            _voter_summary(choices, group),
        ))
    return explanations
