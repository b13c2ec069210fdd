"""The ballot as the templates draw it (one fieldset per sub-budget, in the budget's format)
and as a plain POST sends it back; the help-desk form that identifies a person voting on
paper. The rules themselves are in `voting`."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.budgets import voting
from parvis.budgets.models import BallotFormat, Budget, Project, SubBudget
from parvis.core.formats import euros
from parvis.core.forms_verification import InPersonCheckForm
from parvis.core.models import Commune

PROJECTS_FIELD = "projets"
POINTS_PREFIX = "points-"
DISTRICT_FIELD = "quartier"


def whole_number(text: str) -> int | None:
    """A count typed in a form (0 or more), or None when it is not one."""
    try:
        number = int(text)
    except ValueError:
        return None
    return number if number >= 0 else None


@dataclass
class Item:
    """A project on the ballot, with what the voter chose or typed."""

    project: Project
    cost: str
    checked: bool
    points: str = ""
    error: str = ""


@dataclass
class Meter:
    """How much of a sub-budget's limit the selection uses. The texts are templates with
    {used}, {limit} and {excess}, filled here and again by budget-meter.js as one chooses."""

    unit: str  # "euros", "projects" or "points"
    used: int
    limit: int
    text: str
    over_text: str

    @property
    def over(self) -> bool:
        return self.used > self.limit

    def _show(self, number: int) -> str:
        return euros(number) if self.unit == "euros" else str(number)

    def message(self) -> str:
        template = self.over_text if self.over else self.text
        return template.format(used=self._show(self.used), limit=self._show(self.limit),
                               excess=self._show(max(self.used - self.limit, 0)))


@dataclass
class SectionView:
    sub_budget: SubBudget
    amount: str
    items: list[Item]
    error: str
    meter: Meter | None


def _meter(budget: Budget, sub_budget: SubBudget, items: list[Item]) -> Meter | None:
    chosen = [item for item in items if item.checked]
    if budget.ballot_format == BallotFormat.KNAPSACK:
        return Meter("euros", sum(item.project.vote_cost for item in chosen), sub_budget.amount,
                     _("Sélection : {used} sur {limit}."),
                     _("Votre sélection dépasse le budget de {excess}."))
    if budget.ballot_format == BallotFormat.K_APPROVAL:
        return Meter("projects", len(chosen), budget.max_choices,
                     _("Projets choisis : {used} sur {limit} au plus."),
                     _("Vous avez choisi {used} projets : {limit} au plus."))
    if budget.ballot_format == BallotFormat.CUMULATIVE:
        used = sum(whole_number(item.points) or 0 for item in items)
        return Meter("points", used, budget.points, _("Points répartis : {used} sur {limit}."),
                     _("Vous avez réparti {used} points : {limit} au plus."))
    return None


class BallotForm:
    """A ballot over `sections` (from `voting.ballot_sections`): bound to POST data, or
    showing `initial` choices (points by project pk). After `is_valid()`, `choices` holds
    the points by project pk and `errors` the messages by sub-budget pk (None: the ballot).

    A voter whose commune has district sub-budgets votes in one district at most: the
    ballot shows the district picked (field `quartier`, or that of the choices), or every
    district with `all_districts` (at a help desk, the paper ballot says which)."""

    def __init__(self, budget: Budget, sections: list[voting.Section], data=None,
                 initial: dict[int, int] | None = None, all_districts: bool = False):
        self.budget = budget
        self.sections = sections
        self.data = data
        self.choices = dict(initial or {})
        self.typed = {pk: str(points) for pk, points in self.choices.items()}
        self.errors: dict[int | None, str] = {}
        self.item_errors: dict[int, str] = {}
        self.unreadable = False
        if data is not None:
            self._read(data)
        self.all_districts = all_districts
        self.district = self._district()

    @property
    def is_cumulative(self) -> bool:
        return self.budget.ballot_format == BallotFormat.CUMULATIVE

    def _read(self, data) -> None:
        self.choices, self.typed = {}, {}
        if not self.is_cumulative:
            for value in data.getlist(PROJECTS_FIELD):
                pk = whole_number(value)
                self.unreadable |= pk is None
                if pk is not None:
                    self.choices[pk] = 1
            return
        for name in data:
            if not name.startswith(POINTS_PREFIX):
                continue
            pk = whole_number(name.removeprefix(POINTS_PREFIX))
            text = data.get(name, "").strip()
            if pk is None:
                self.unreadable = True
                continue
            self.typed[pk] = text
            points = whole_number(text or "0")
            if points is None:
                self.item_errors[pk] = _("Indiquez un nombre entier de points, 0 ou plus.")
            elif points:
                self.choices[pk] = points

    def is_valid(self) -> bool:
        if self.data is None:
            return False
        if self.unreadable:
            self.errors = {None: voting.unknown_choice_error()}
        elif self.item_errors:
            self.errors = {None: _("Certains nombres de points sont à corriger : ils sont"
                                   " signalés ci-dessous.")}
        else:
            self.errors = voting.check_choices(self.budget, self.sections, self.choices)
        return not self.errors

    def add_errors(self, errors: dict[int | None, str]) -> None:
        self.errors.update(errors)

    @property
    def districts(self) -> list[SubBudget]:
        return [section.sub_budget for section in self.sections
                if section.sub_budget.district_id]

    def _district(self) -> SubBudget | None:
        """The district picked on the ballot, whose projects are the only district ones
        kept; else the district of the choices."""
        district_sections = [section for section in self.sections
                             if section.sub_budget.district_id]
        if self.data is not None and DISTRICT_FIELD in self.data:
            picked = whole_number(self.data[DISTRICT_FIELD])
            for section in district_sections:
                if section.sub_budget.pk != picked:
                    for project in section.projects:
                        self.choices.pop(project.pk, None)
            return next((section.sub_budget for section in district_sections
                         if section.sub_budget.pk == picked), None)
        return next((section.sub_budget for section in district_sections
                     if any(project.pk in self.choices for project in section.projects)), None)

    def shown_sections(self) -> list[voting.Section]:
        return [section for section in self.sections
                if not section.sub_budget.district_id or self.all_districts
                or section.sub_budget == self.district]

    def section_views(self) -> list[SectionView]:
        views = []
        for section in self.shown_sections():
            items = [
                Item(project, euros(project.vote_cost), project.pk in self.choices,
                     self.typed.get(project.pk, ""), self.item_errors.get(project.pk, ""))
                for project in section.projects
            ]
            sub_budget = section.sub_budget
            views.append(SectionView(sub_budget, euros(sub_budget.amount), items,
                                     self.errors.get(sub_budget.pk, ""),
                                     _meter(self.budget, sub_budget, items)))
        return views

    @property
    def general_error(self) -> str:
        return self.errors.get(None, "")


class DeskVoterForm(InPersonCheckForm):
    """The identity on the person's document, as for an in-person verification, and the
    commune where they live."""

    commune = forms.ModelChoiceField(
        Commune.objects.all(),
        required=False,
        label=gettext_lazy("Commune de résidence"),
        empty_label=gettext_lazy("Hors de la métropole"),
        help_text=gettext_lazy("Telle que la personne la déclare ou qu'un justificatif"
                               " l'indique."),
    )

    field_order = ["given_names", "family_name", "birthdate", "gender", "birthplace_search",
                   "birthplace", "commune", "document", "document_checked"]


class SessionForm(forms.Form):
    """Opening a help desk's voting session."""

    place = forms.CharField(
        label=gettext_lazy("Guichet"), max_length=150,
        help_text=gettext_lazy("Le lieu où vous recueillez les bulletins papier, par exemple"
                               " « Mairie de Bègles, accueil »."),
    )
