"""Paper ballots typed at a help desk: who may, identifying the person as an in-person
verification does, eligibility, one ballot per person across channels (both ways), the
printable receipt."""

import html
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.budgets.models import Ballot, BallotFormat, Project
from parvis.core.forms_verification import InPersonCheckForm
from parvis.core.models import AuditEntry, Role, VerificationLevel
from parvis.core.services.roles import grant_role
from parvis.core.services.verification import IdentityDocument, record_in_person_check
from parvis.notifications.models import Notification
from tests.budgets.conftest import metropolis

pytestmark = pytest.mark.django_db

IDENTITY = {
    "given_names": "Éloïse Marie",
    "family_name": "Delacroix-Pérez",
    "birthdate": "1984-03-09",
    "gender": "F",
    "birthplace_search": "Bordeaux (33)",
    "birthplace": "33063",
    "document": "cni",
    "document_checked": "on",
}


@pytest.fixture
def agent(make_user, make_service):
    user = make_user(pseudonym="Agente")
    grant_role(None, user, Role.AGENT, service=make_service())
    return user


@pytest.fixture
def approval_vote(make_vote):
    return make_vote(ballot_format=BallotFormat.APPROVAL)


def desk_url(budget):
    return reverse("budgets:desk", args=[budget.slug])


def text(response) -> str:
    return html.unescape(response.content.decode()).replace("\xa0", " ")


def identify(client, budget, communes, **changes):
    return client.post(desk_url(budget), {**IDENTITY, "commune": communes["bordeaux"].pk,
                                          **changes})


def record(client, budget, communes, projects, **changes):
    return identify(client, budget, communes, record="",
                    projets=[str(project.pk) for project in projects], **changes)


def verified_account(citizen, communes, agent, **identity):
    """An account verified in person with the identity of IDENTITY (as typed, or changed)."""
    person = citizen(commune=communes["bordeaux"])
    form = InPersonCheckForm({**IDENTITY, **identity})
    assert form.is_valid(), form.errors
    record_in_person_check(agent, person, form.identity(), IdentityDocument.NATIONAL_ID_CARD)
    person.refresh_from_db()
    return person


def test_only_help_desk_agents_and_helpers(client, approval_vote, citizen, make_user):
    url = desk_url(approval_vote)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/compte/connexion/" in anonymous.url
    client.force_login(citizen())
    assert client.get(url).status_code == 403
    assert client.post(url, IDENTITY).status_code == 403
    helper = make_user()
    grant_role(None, helper, Role.HELPER)
    client.force_login(helper)
    page = client.get(url).content.decode()
    assert "Vote au guichet" in page and 'name="given_names"' in page and 'name="commune"' in page


def test_a_paper_ballot_without_an_account(client, approval_vote, agent, communes, make_user,
                                           make_service):
    cheap = metropolis(approval_vote).projects.order_by("estimated_cost").first()
    client.force_login(agent)
    step = identify(client, approval_vote, communes)
    page = step.content.decode()
    assert step.status_code == 200 and "Saisir le bulletin papier" in page
    assert "Aucun : le bulletin est rattaché à l'empreinte de l'identité." in text(step)
    assert 'type="hidden" name="family_name" value="Delacroix-Pérez"' in page
    assert Ballot.objects.count() == 0

    done = record(client, approval_vote, communes, [cheap])
    ballot = Ballot.objects.get()
    assert done.status_code == 302
    assert done.url == reverse("budgets:desk_receipt", args=[approval_vote.slug,
                                                             ballot.receipt_code])
    assert ballot.channel == "desk" and ballot.recorded_by == agent and ballot.voter is None
    assert ballot.commune == communes["bordeaux"] and len(ballot.identity_hash) == 64
    assert list(ballot.choices.values_list("project", flat=True)) == [cheap.pk]
    entry = AuditEntry.objects.get(action="ballot.desk_recorded")
    assert entry.actor == agent and entry.role == "agent"
    assert entry.data == {"ballot": ballot.pk, "channel": "desk"}
    assert "Delacroix" not in str(AuditEntry.objects.values_list("data", flat=True))

    receipt = client.get(done.url)
    assert ballot.receipt_code in receipt.content.decode() and cheap.title in text(receipt)
    colleague = make_user()
    grant_role(None, colleague, Role.AGENT, service=make_service())
    client.force_login(colleague)
    assert client.get(done.url).status_code == 404  # only the agent who typed it


def test_the_account_with_the_same_identity_gets_the_ballot(client, approval_vote, agent,
                                                            citizen, communes):
    # Typed differently on the desk form: the identity hash is the same.
    person = verified_account(citizen, communes, agent, given_names="ELOISE  marie",
                              family_name="delacroix perez", birthplace_search="")
    cheap = metropolis(approval_vote).projects.order_by("estimated_cost").first()
    client.force_login(agent)
    step = identify(client, approval_vote, communes)
    assert person.pseudonym in step.content.decode()
    record(client, approval_vote, communes, [cheap])
    ballot = Ballot.objects.get()
    assert ballot.voter == person and ballot.identity_hash == person.identity_hash
    notification = Notification.objects.get(recipient=person)
    assert ballot.receipt_code in notification.message and notification.actor == agent


def test_desk_then_online_is_refused(client, approval_vote, agent, citizen, communes):
    cheap = metropolis(approval_vote).projects.order_by("estimated_cost").first()
    client.force_login(agent)
    record(client, approval_vote, communes, [cheap])
    again = identify(client, approval_vote, communes, given_names="eloise-marie")
    assert "Cette personne a déjà voté au guichet le" in text(again)
    assert 'name="projets"' not in again.content.decode()

    # The person verifies an account later with the same identity: no second ballot online.
    person = verified_account(citizen, communes, agent)
    client.force_login(person)
    page = text(client.get(reverse("budgets:vote", args=[approval_vote.slug])))
    assert "Vous avez voté au guichet le" in page and "ne se modifie pas en ligne" in page
    assert 'name="projets"' not in page
    session = client.session
    session["budgets_pending_ballot"] = {str(approval_vote.pk): {str(cheap.pk): 1}}
    session.save()
    refused = client.post(reverse("budgets:vote_confirm", args=[approval_vote.slug]))
    assert refused.status_code == 409 and "Vous avez voté au guichet le" in text(refused)
    assert Ballot.objects.count() == 1


def test_online_then_desk_is_refused_showing_when(client, approval_vote, agent, citizen,
                                                  communes):
    person = verified_account(citizen, communes, agent)
    cheap = metropolis(approval_vote).projects.order_by("estimated_cost").first()
    client.force_login(person)
    client.post(reverse("budgets:vote", args=[approval_vote.slug]), {"projets": [cheap.pk]})
    client.post(reverse("budgets:vote_confirm", args=[approval_vote.slug]))
    online = Ballot.objects.get()
    assert online.identity_hash == person.identity_hash  # a verified account's ballot
    client.force_login(agent)
    refused = record(client, approval_vote, communes, [cheap])
    when = timezone.localtime(online.cast_at)
    assert "Cette personne a déjà voté en ligne le" in text(refused)
    assert f"{when:%H:%M}" in text(refused)
    assert Ballot.objects.count() == 1


def test_desk_eligibility(client, make_vote, agent, communes):
    budget = make_vote(min_age=16, ballot_format=BallotFormat.APPROVAL)
    budget.process.communes.set([communes["bordeaux"]])
    client.force_login(agent)
    young = identify(client, budget, communes,
                     birthdate=date(timezone.localdate().year - 15, 1, 1).isoformat())
    assert "Ce vote est réservé aux personnes de 16 ans et plus." in text(young)
    elsewhere = identify(client, budget, communes, commune=communes["pessac"].pk)
    assert "Ce vote est réservé aux habitants de : Bordeaux." in text(elsewhere)
    outside = identify(client, budget, communes, commune="")
    assert "Ce vote est réservé aux habitants de : Bordeaux." in text(outside)
    unchecked = identify(client, budget, communes, document_checked="")
    assert "Cochez cette case" in text(unchecked)
    assert Ballot.objects.count() == 0


def test_a_wrong_paper_ballot_is_explained(client, make_vote, agent, communes):
    budget = make_vote(ballot_format=BallotFormat.KNAPSACK)
    every = list(Project.objects.filter(sub_budget=metropolis(budget)))
    client.force_login(agent)
    response = record(client, budget, communes, every)
    assert "Votre sélection dépasse le budget de 12 000 €" in text(response)
    assert 'type="hidden" name="given_names"' in response.content.decode()
    assert Ballot.objects.count() == 0


def test_the_desk_needs_the_vote_open(client, make_budget, agent, communes):
    budget = make_budget()  # submission phase
    client.force_login(agent)
    response = identify(client, budget, communes)
    assert "Cette action n'est pas ouverte dans la phase actuelle." in text(response)


def test_a_desk_ballot_stands_for_any_verification_level(client, make_vote, agent, communes):
    budget = make_vote(vote_level=VerificationLevel.IDENTITY, ballot_format=BallotFormat.APPROVAL)
    cheap = metropolis(budget).projects.order_by("estimated_cost").first()
    client.force_login(agent)
    record(client, budget, communes, [cheap])
    assert Ballot.objects.filter(channel="desk").count() == 1
