"""Personal data of budgets: "Mes données" lists one's projects and ballots; deleting the
account keeps submitted projects (signed « Compte supprimé ») and ballots, and drops drafts."""

import pytest

from parvis.budgets.models import Ballot, BallotChoice, Project, ProjectStatus
from parvis.core.services import personal_data
from parvis.core.services.accounts import delete_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def voter_with_contributions(budget, make_project, citizen):
    person = citizen()
    make_project(budget, author=person, title="Mon projet déposé")
    make_project(budget, author=person, title="Mon brouillon", status=ProjectStatus.DRAFT)
    ballot = Ballot.objects.create(budget=budget, voter=person, receipt_code="ABCD-EFGH-JKLM")
    BallotChoice.objects.create(ballot=ballot, project=make_project(budget, title="Mon choix"))
    return person


def test_my_data_lists_my_projects_and_ballots(voter_with_contributions):
    sections = personal_data.export(voter_with_contributions)["sections"]
    titles = {project["title"] for project in sections["budget_projects"]}
    assert titles == {"Mon projet déposé", "Mon brouillon"}
    [ballot] = sections["budget_ballots"]
    assert ballot["receipt_code"] == "ABCD-EFGH-JKLM"
    assert [choice["title"] for choice in ballot["choices"]] == ["Mon choix"]


def test_account_deletion_keeps_projects_and_ballots(client, voter_with_contributions):
    delete_account(voter_with_contributions)
    assert not Project.objects.filter(title="Mon brouillon").exists()
    project = Project.objects.get(title="Mon projet déposé")
    assert Ballot.objects.get().choices.count() == 1
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Compte supprimé" in page
