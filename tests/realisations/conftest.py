"""Fixtures of the realisations' tests: one adopted item of each source tool, with the
people who stood for it."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.budgets.models import Ballot, BallotChoice, Budget, Project, ProjectStatus, SubBudget
from parvis.calls.models import Application, ApplicationStatus, Call, Decision
from parvis.ideas.models import Idea, IdeaBox, Status, Support
from parvis.indicators.models import Axis, Commitment
from parvis.processes.models import Process
from parvis.realisations.models import Realisation
from parvis.realisations.services import synchronise

DAY = timedelta(days=1)


@dataclass
class Adopted:
    project: Project
    idea: Idea
    laureate: Application
    commitment: Commitment
    voter: object
    author: object
    supporter: object
    applicant: object
    bystander: object


def new_process(slug: str) -> Process:
    return Process.objects.create(title=slug.title(), slug=slug, summary="Résumé",
                                  description="Description", is_published=True)


@pytest.fixture
def adopted(communes, citizen) -> Adopted:
    """A winning project of published results (one voter, Bordeaux, a point), an idea
    « retenue » with one supporter, a laureate of a call, a strategy commitment, and
    someone who stood for none of them."""
    now = timezone.now()
    people = {name: citizen(pseudonym=name) for name in (
        "Votante", "Porteuse", "Soutien", "Candidate", "Passante")}
    budget = Budget.objects.create(process=new_process("budget-2025"), title="Budget 2025",
                                   slug="budget-2025", amount=100_000,
                                   results_published_at=now - DAY)
    envelope = SubBudget.objects.create(budget=budget, name="Métropole", amount=100_000)
    project = Project.objects.create(
        budget=budget, sub_budget=envelope, title="Un jardin partagé",
        description="Des bacs et un composteur.", estimated_cost=30_000, cost=28_000,
        status=ProjectStatus.SELECTED, commune=communes["bordeaux"], latitude=44.84,
        longitude=-0.58, author=people["Porteuse"], submitted_at=now - 90 * DAY)
    ballot = Ballot.objects.create(budget=budget, voter=people["Votante"], receipt_code="R-1")
    BallotChoice.objects.create(ballot=ballot, project=project)
    box = IdeaBox.objects.create(process=new_process("idees"), title="Idées", slug="idees")
    idea = Idea.objects.create(box=box, author=people["Porteuse"], title="Des boîtes à livres",
                               body="Dans chaque parc.", status=Status.ACCEPTED,
                               commune=communes["pessac"], published_at=now - 30 * DAY)
    Support.objects.create(idea=idea, user=people["Soutien"])
    call = Call.objects.create(
        process=new_process("appel"), title="Clic et Déclic", slug="clic-et-declic",
        description="Appel.", eligibility="Associations.", launched_at=now - 200 * DAY,
        deadline=now - 150 * DAY, jury_at=(now - 120 * DAY).date(),
        decision_at=(now - 100 * DAY).date(), start_at=(now - 60 * DAY).date(),
        evaluation_at=(now + 300 * DAY).date(), is_published=True,
        laureates_published_at=now - 100 * DAY)
    laureate = Application.objects.create(
        call=call, contact=people["Candidate"], organisation="Asso Numérique",
        organisation_kind="Association", title="Ateliers numériques", summary="Des ateliers.",
        status=ApplicationStatus.SELECTED)
    Decision.objects.create(application=laureate, selected=True, amount=50_000)
    axis = Axis.objects.create(number=1, slug="inclusion", title="Inclusion numérique")
    commitment = Commitment.objects.create(axis=axis, number=1, title="Former les habitants")
    return Adopted(project, idea, laureate, commitment, people["Votante"], people["Porteuse"],
                   people["Soutien"], people["Candidate"], people["Passante"])


@pytest.fixture
def realisations(adopted) -> dict[str, Realisation]:
    """The realisations of `adopted`, by source tool."""
    synchronise()
    return {realisation.source: realisation for realisation in Realisation.objects.all()}
