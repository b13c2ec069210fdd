"""Paper ballots typed at a help desk: who may, identifying the person as an in-person
verification does, eligibility, one ballot per person across channels (both ways), the
printable receipt."""

import csv
import html
import io
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from parvis.budgets import pending, results, voting
from parvis.budgets.models import Ballot, BallotFormat, Budget, DeskSession, Project
from parvis.core.forms_verification import InPersonCheckForm
from parvis.core.models import AuditEntry, Role, VerificationLevel
from parvis.core.services.verification import (
    Identity,
    IdentityDocument,
    record_in_person_check,
)
from parvis.notifications.models import Notification
from tests.budgets.conftest import confirm_ballot, metropolis
from tests.budgets.test_budget_admin import ADD_URL, budget_form, process  # noqa: F401
from tests.core.test_verification import IDENTITY_FORM as IDENTITY

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(make_staff, make_service):
    return make_staff(Role.AGENT, service=make_service(), pseudonym="Agente")


# Desk voting needs an online vote level that carries the identity fingerprint.
DESK = {"desk_voting": True, "vote_level": VerificationLevel.IN_PERSON}


@pytest.fixture
def approval_vote(make_vote):
    return make_vote(ballot_format=BallotFormat.APPROVAL, **DESK)


@pytest.fixture
def cheap(approval_vote):
    """The cheapest project of the metropolis' envelope, titled like a spreadsheet formula."""
    project = metropolis(approval_vote).projects.order_by("estimated_cost").first()
    project.title = "+Bancs =1+1"
    project.save()
    return project


def desk_url(budget):
    return reverse("budgets:desk", args=[budget.slug])


def open_session(client, budget, place="Mairie de Bègles, accueil"):
    response = client.post(reverse("budgets:desk_open", args=[budget.slug]), {"place": place})
    assert response.status_code == 302, response.content.decode()


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


def test_only_help_desk_agents_and_helpers(client, approval_vote, citizen, make_staff):
    url = desk_url(approval_vote)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/compte/connexion/" in anonymous.url
    client.force_login(citizen())
    assert client.get(url).status_code == 403
    assert client.post(url, IDENTITY).status_code == 403
    client.force_login(make_staff(Role.HELPER))
    assert 'name="place"' in client.get(url).content.decode()  # a session first
    open_session(client, approval_vote)
    page = client.get(url).content.decode()
    assert "Vote au guichet" in page and 'name="given_names"' in page and 'name="commune"' in page
    assert 'name="gender"' in page and 'name="find_birthplace"' in page


def test_a_paper_ballot_without_an_account(client, approval_vote, agent, communes, make_staff,
                                           make_service, cheap):
    client.force_login(agent)
    open_session(client, approval_vote)
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
    assert entry.data == {"ballot": ballot.pk, "channel": "desk",
                          "session": ballot.desk_session.pk}
    assert "Delacroix" not in str(AuditEntry.objects.values_list("data", flat=True))

    receipt = client.get(done.url)
    assert ballot.receipt_code in receipt.content.decode() and cheap.title in text(receipt)
    colleague = make_staff(Role.AGENT, service=make_service())
    client.force_login(colleague)
    assert client.get(done.url).status_code == 404  # only the agent who typed it


def test_the_account_with_the_same_identity_gets_the_ballot(client, approval_vote, agent,
                                                            citizen, communes, cheap):
    # Typed differently on the desk form: the identity hash is the same.
    person = verified_account(citizen, communes, agent, given_names="ELOISE  marie",
                              family_name="delacroix perez", birthplace_search="")
    client.force_login(agent)
    open_session(client, approval_vote)
    step = identify(client, approval_vote, communes)
    assert person.pseudonym in step.content.decode()
    record(client, approval_vote, communes, [cheap])
    ballot = Ballot.objects.get()
    assert ballot.voter == person and ballot.identity_hash == person.identity_hash
    notification = Notification.objects.get(recipient=person)
    assert ballot.receipt_code in notification.message and notification.actor == agent


def test_desk_then_online_is_refused(client, approval_vote, agent, citizen, communes, cheap):
    client.force_login(agent)
    open_session(client, approval_vote)
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
    refused = client.post(reverse("budgets:vote_confirm", args=[approval_vote.slug]),
                          {pending.FIELD: pending.sign(approval_vote, person, {cheap.pk: 1})})
    assert refused.status_code == 409 and "Vous avez voté au guichet le" in text(refused)
    assert Ballot.objects.count() == 1


def test_online_then_desk_is_refused_showing_when(client, approval_vote, agent, citizen,
                                                  communes):
    person = verified_account(citizen, communes, agent)
    cheap = metropolis(approval_vote).projects.order_by("estimated_cost").first()
    client.force_login(person)
    confirm_ballot(client, approval_vote, client.post(
        reverse("budgets:vote", args=[approval_vote.slug]), {"projets": [cheap.pk]}))
    online = Ballot.objects.get()
    assert online.identity_hash == person.identity_hash  # a verified account's ballot
    client.force_login(agent)
    open_session(client, approval_vote)
    refused = record(client, approval_vote, communes, [cheap])
    when = timezone.localtime(online.cast_at)
    assert "Cette personne a déjà voté en ligne le" in text(refused)
    assert f"{when:%H:%M}" in text(refused)
    assert Ballot.objects.count() == 1


def test_desk_eligibility(client, make_vote, agent, communes):
    budget = make_vote(min_age=16, ballot_format=BallotFormat.APPROVAL, **DESK)
    budget.process.communes.set([communes["bordeaux"]])
    client.force_login(agent)
    open_session(client, budget)
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
    budget = make_vote(ballot_format=BallotFormat.KNAPSACK, **DESK)
    every = list(Project.objects.filter(sub_budget=metropolis(budget)))
    client.force_login(agent)
    open_session(client, budget)
    response = record(client, budget, communes, every)
    assert "Votre sélection dépasse le budget de 12 000 €" in text(response)
    assert 'type="hidden" name="given_names"' in response.content.decode()
    assert Ballot.objects.count() == 0


def test_the_desk_needs_the_vote_open(client, make_budget, agent, communes):
    budget = make_budget(**DESK)  # submission phase
    client.force_login(agent)
    open_session(client, budget)
    response = identify(client, budget, communes)
    assert "Le vote n'est pas ouvert dans cette démarche." in text(response)


def test_a_desk_ballot_stands_for_any_verification_level(client, make_vote, agent, communes):
    budget = make_vote(vote_level=VerificationLevel.IDENTITY, desk_voting=True,
                       ballot_format=BallotFormat.APPROVAL)
    cheap = metropolis(budget).projects.order_by("estimated_cost").first()
    client.force_login(agent)
    open_session(client, budget)
    record(client, budget, communes, [cheap])
    assert Ballot.objects.filter(channel="desk").count() == 1


# One ballot per person across channels (desk voting needs a fingerprint online) ----------


def test_without_desk_voting_no_paper_ballot_is_taken(client, make_vote, agent, communes):
    budget = make_vote(ballot_format=BallotFormat.APPROVAL)  # default: e-mail confirmed
    client.force_login(agent)
    page = text(client.get(desk_url(budget)))
    assert "Ce budget n'ouvre pas le vote au guichet." in page and 'name="place"' not in page
    refused = client.post(reverse("budgets:desk_open", args=[budget.slug]), {"place": "Mairie"})
    assert "Ce budget n'ouvre pas le vote au guichet." in text(refused)
    assert not DeskSession.objects.exists() and not Ballot.objects.exists()


def test_the_back_office_refuses_desk_voting_without_a_fingerprint_online(
    client, manager, process  # noqa: F811 (the back-office tests' fixture)
):
    client.force_login(manager)
    refused = client.post(ADD_URL, budget_form(process, [("Métropole", None, 100_000)],
                                               desk_voting="on", vote_level="10"))
    assert "Avec le vote au guichet, choisissez pour le vote en ligne" in text(refused)
    assert not Budget.objects.exists()
    accepted = client.post(ADD_URL, budget_form(process, [("Métropole", None, 100_000)],
                                                desk_voting="on", vote_level="20"))
    assert accepted.status_code == 302 and Budget.objects.get().desk_voting
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.update(vote_level=VerificationLevel.EMAIL)  # the database agrees


def published(budget):
    """The public results page, published once the vote (ending tomorrow) is over."""
    results.publish(budget, None, at=timezone.now() + timedelta(days=2))
    return text(Client().get(reverse("budgets:results", args=[budget.slug])))


def test_the_results_page_states_the_guarantee_and_the_desk_counts(
    client, approval_vote, make_vote, agent, communes, cheap):
    client.force_login(agent)
    open_session(client, approval_vote, place="Mairie de Bègles")
    record(client, approval_vote, communes, [cheap])
    page = published(approval_vote)
    assert "ne pouvait donc déposer qu'un bulletin, en ligne ou au guichet" in page
    assert "1 bulletin papier saisi au guichet." in page
    assert "Mairie de Bègles" in page and "Agente" in page
    assert "Delacroix" not in page
    other = published(make_vote(ballot_format=BallotFormat.APPROVAL))
    assert "l'identité n'était pas vérifiée" in other and "au guichet." not in other


# Desk sessions, counts and reports ------------------------------------------------------


@pytest.fixture
def colleague(make_staff, make_service):
    return make_staff(Role.AGENT, service=make_service(), pseudonym="Collègue")


def test_a_paper_ballot_needs_an_open_session(approval_vote, agent, communes):
    cheap = metropolis(approval_vote).projects.order_by("estimated_cost").first()
    identity = Identity("Éloïse Marie", "Delacroix-Pérez", date(1984, 3, 9), "F", "33063")
    with pytest.raises(voting.VoteRefused, match="Ouvrez une session de guichet"):
        voting.record_desk_ballot(approval_vote, agent, identity, communes["bordeaux"],
                                  {cheap.pk: 1})
    assert not Ballot.objects.exists()


def test_a_session_above_the_threshold_is_confirmed_by_a_second_agent(
    client, settings, approval_vote, agent, colleague, communes
):
    settings.BUDGETS_DESK_CONFIRMATION_THRESHOLD = 1
    projects = list(metropolis(approval_vote).projects.order_by("estimated_cost"))
    client.force_login(agent)
    open_session(client, approval_vote)
    record(client, approval_vote, communes, projects[:1])
    record(client, approval_vote, communes, projects[:2], given_names="Paul", gender="M")
    session = DeskSession.objects.get()
    assert session.ballots.count() == 2
    close = reverse("budgets:desk_close", args=[approval_vote.slug, session.pk])
    confirm = reverse("budgets:desk_confirm", args=[approval_vote.slug, session.pk])
    assert "La session est fermée." in text(client.post(close, follow=True))
    session.refresh_from_db()
    assert session.awaiting_confirmation and session.closed_by == agent
    again = record(client, approval_vote, communes, projects[:1], given_names="Zoé")
    assert 'name="place"' in again.content.decode() and Ballot.objects.count() == 2
    refused = text(client.post(confirm, follow=True))
    assert "La confirmation revient à un·e autre agent" in refused
    client.force_login(colleague)
    assert "Le décompte de la session est confirmé." in text(client.post(confirm, follow=True))
    session.refresh_from_db()
    assert session.confirmed_by == colleague and not session.awaiting_confirmation
    actions = list(AuditEntry.objects.filter(action__startswith="desk_session.")
                   .order_by("at", "pk").values_list("action", "actor__pseudonym"))
    assert actions == [("desk_session.opened", "Agente"), ("desk_session.closed", "Agente"),
                       ("desk_session.confirmed", "Collègue")]


def test_a_small_session_closes_without_confirmation(client, approval_vote, agent, communes):
    client.force_login(agent)
    open_session(client, approval_vote)
    session = DeskSession.objects.get()
    client.post(reverse("budgets:desk_close", args=[approval_vote.slug, session.pk]))
    session.refresh_from_db()
    assert session.closed_at and not session.awaiting_confirmation


def test_the_desk_report_lists_the_ballots_to_compare_with_the_paper(
    client, approval_vote, agent, colleague, communes, citizen, cheap):
    client.force_login(agent)
    open_session(client, approval_vote)
    record(client, approval_vote, communes, [cheap])
    ballot, session = Ballot.objects.get(), DeskSession.objects.get()
    client.force_login(colleague)
    csv_url = reverse("budgets:desk_report_csv", args=[approval_vote.slug, session.pk])
    report = client.get(csv_url)
    assert report["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(report.content.decode())))
    assert rows[0] == ["Code de reçu", "Saisi le", "Saisi par", "Commune", "Choix"]
    assert rows[1][0] == ballot.receipt_code and rows[1][2] == "Agente"
    assert rows[1][3] == "Bordeaux" and rows[1][4] == "'+Bancs =1+1"  # text, not a formula
    assert "Delacroix" not in report.content.decode()
    pdf = client.get(reverse("budgets:desk_report_pdf", args=[approval_vote.slug, session.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert ballot.receipt_code in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert AuditEntry.objects.filter(action="desk_session.report").count() == 2
    client.force_login(citizen())
    assert client.get(csv_url).status_code == 403
