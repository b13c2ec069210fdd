"""Ballots sent at the same time by one person store exactly one ballot: the database
constraints settle the race, the losing requests get a clear answer (never a 500), and
every acknowledged ballot is stored. Meaningful on PostgreSQL (DATABASE_URL); on SQLite the
`concurrent_database` fixture gives a database file whose writers wait for each other."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from parvis.budgets import voting
from parvis.budgets.desk import open_session
from parvis.budgets.models import Ballot, BallotFormat
from parvis.core.models import Role, VerificationLevel
from parvis.core.services.verification import (
    Identity,
    IdentityDocument,
    record_in_person_check,
)
from tests.budgets.conftest import confirm_ballot, metropolis
from tests.race import race

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 4


def first_project(budget):
    return metropolis(budget).projects.order_by("estimated_cost").first()


@pytest.mark.parametrize("changeable", [False, True])
def test_concurrent_casts_by_one_voter_store_one(concurrent_database, make_vote, voter,
                                                 changeable):
    budget = make_vote(ballot_format=BallotFormat.APPROVAL, ballot_changeable=changeable)
    project = first_project(budget)

    def cast(_number):
        try:
            return voting.cast_ballot(budget, voter, {project.pk: 1}).ballot.receipt_code
        except voting.AlreadyVoted as refused:
            return refused.message

    outcomes = race(cast, RACERS)
    ballot = Ballot.objects.get(budget=budget)
    acknowledged = [outcome for outcome in outcomes if outcome == ballot.receipt_code]
    refused = [outcome for outcome in outcomes if outcome != ballot.receipt_code]
    assert acknowledged  # every acknowledged ballot is the stored one
    assert all("Vous avez déjà voté" in message or "par un autre envoi" in message
               for message in refused)
    if not changeable:
        assert len(acknowledged) == 1
    assert ballot.choices.count() == 1


def test_concurrent_confirmations_over_http_get_a_clean_answer(concurrent_database, make_vote,
                                                               voter):
    budget = make_vote(ballot_format=BallotFormat.APPROVAL, ballot_changeable=False)
    project = first_project(budget)
    clients, sent = [], []
    for _number in range(RACERS):  # the same person, in several tabs or devices
        client = Client()
        client.force_login(voter)
        sent.append(client.post(reverse("budgets:vote", args=[budget.slug]),
                                {"projets": [project.pk]}))
        clients.append(client)

    def confirm(number):
        response = confirm_ballot(clients[number], budget, sent[number])
        return response.status_code, response.content.decode()

    outcomes = race(confirm, RACERS)
    assert sorted(status for status, _page in outcomes) == [302] + [409] * (RACERS - 1)
    assert all("Vous avez déjà voté" in page or "par un autre envoi" in page
               for status, page in outcomes if status == 409)
    assert Ballot.objects.filter(budget=budget).count() == 1


def test_a_desk_and_an_online_ballot_at_once_store_one(concurrent_database, make_vote, voter,
                                                       make_staff, make_service, communes):
    budget = make_vote(ballot_format=BallotFormat.APPROVAL, desk_voting=True,
                       vote_level=VerificationLevel.IN_PERSON)
    project = first_project(budget)
    identity = Identity("Camille", "Martin", date(1990, 5, 4), "F", "33063")
    agent = make_staff(Role.AGENT, service=make_service())
    record_in_person_check(agent, voter, identity, IdentityDocument.PASSPORT)
    voter.refresh_from_db()
    open_session(budget, agent, "Mairie de Bordeaux")

    def vote(number):
        try:
            if number % 2:
                voting.record_desk_ballot(budget, agent, identity, communes["bordeaux"],
                                          {project.pk: 1})
            else:
                voting.cast_ballot(budget, voter, {project.pk: 1})
        except voting.AlreadyVoted:
            return "refused"
        return "stored"

    outcomes = race(vote, RACERS)
    assert outcomes.count("stored") >= 1
    assert Ballot.objects.filter(budget=budget).count() == 1
