"""Explanations of the results: why each project won or lost, and how a voter's share was
spent, found with their receipt code."""

import dataclasses
import html
import json

import pytest
from django.urls import reverse

from parvis.budgets import results
from parvis.budgets.explanations import euros
from parvis.budgets.models import BallotFormat, TallyResult, TallyRule
from parvis.budgets.tally import Completion, Method, Rule, tally
from parvis.budgets.voting import new_receipt_code
from tests.budgets.conftest import metropolis


def text(response) -> str:
    """A page's text as people read it: entities decoded, spaces normalised."""
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    return " ".join(content.replace("\u202f", " ").replace("\xa0", " ").split())


def explanation(client, budget, project):
    return text(client.get(reverse("budgets:project_explanation",
                                   args=[budget.slug, project.pk])))


def receipt(client, budget, code):
    return text(client.get(reverse("budgets:receipt_explanation", args=[budget.slug]),
                           {"code": code}))


@pytest.fixture
def majority_and_minority(closed_budget, make_project, cast):
    """60 000 €: 6 voters choose A, B and C, 4 voters choose D (20 000 € each). Equal shares
    funds A, B and D; greedy by votes, A, B and C."""

    def make(rule=TallyRule.EQUAL_SHARES):
        budget = closed_budget(rule=rule, ballot_format=BallotFormat.APPROVAL)
        projects = [make_project(budget, cost=20_000, title=f"Projet {letter}")
                    for letter in "ABCD"]
        majority = [cast(budget, projects[:3]) for _ in range(6)]
        minority = [cast(budget, projects[3:]) for _ in range(4)]
        results.publish(budget, None)
        return budget, projects, majority, minority

    return make


@pytest.fixture
def completed(closed_budget, make_project, cast):
    """60 000 €: everyone chooses P (30 000 €); half also Q, the other half S (25 000 €
    each). Raising the shares would fund Q and S together, over the envelope: equal shares
    funds P. Published when the budget left then went greedily to the next projects (results
    published before equal shares followed pabulib's add1 are stored that way): Q completed
    the envelope (greedy, the smaller id wins the tie)."""
    budget = closed_budget(ballot_format=BallotFormat.APPROVAL)
    p = make_project(budget, cost=30_000, title="Projet P")
    q = make_project(budget, cost=25_000, title="Projet Q")
    s = make_project(budget, cost=25_000, title="Projet S")
    group_q = [cast(budget, [p, q]) for _ in range(5)]
    group_s = [cast(budget, [p, s]) for _ in range(5)]
    results.publish(budget, None)
    stored = TallyResult.objects.get(sub_budget=metropolis(budget))
    election = results.election_of(stored.sub_budget, results.voter_numbers(budget))
    earlier = tally(election, Method(Rule.EQUAL_SHARES, Completion.ADD1_GREEDY))
    stored.result = json.loads(json.dumps(dataclasses.asdict(earlier)))
    stored.save()
    return budget, (p, q, s), group_q, group_s


def test_amounts_are_rounded_euros_in_french():
    assert euros("1070000/2553") == "419\xa0€"
    assert euros("12345.5").replace("\u202f", " ").replace("\xa0", " ") == "12 346 €"


def test_a_project_funded_by_its_supporters_says_what_each_paid(client,
                                                                majority_and_minority):
    budget, (_a, _b, _c, d), _majority, _minority = majority_and_minority()
    page = explanation(client, budget, d)
    assert "Lauréat : ses soutiens ont réuni son coût." in page
    assert "Ses 4 soutiens ont réuni son coût de 20 000 € : 5 000 € chacun." in page
    assert "Chaque votant de l'enveloppe disposait d'une part de 6 667 €." in page


def test_the_round_a_project_was_funded_in_is_shown(client, majority_and_minority):
    # A and B tie (6 supporters, same cost): the smaller id first; D, dearer per supporter, last.
    budget, (a, b, _c, d), _majority, _minority = majority_and_minority()
    for project, round_ in [(a, 1), (b, 2), (d, 3)]:
        assert (f"Il a été financé au tour {round_} de la méthode des parts égales."
                in explanation(client, budget, project))


def test_a_lost_project_shows_its_supporters_money_and_where_it_went(client,
                                                                     majority_and_minority):
    budget, (a, b, c, _d), _majority, _minority = majority_and_minority()
    page = explanation(client, budget, c)
    assert "Non retenu : l'argent de ses soutiens a financé d'autres projets" in page
    assert "Ses 6 soutiens n'avaient plus que 2 € à eux tous, moins que son coût de 20 000 €" in (
        page)
    funding = page.split("Où est allée la part de ses soutiens")[1].split("</table>")[0]
    for project in (a, b):
        assert f">{project.title}</a></th><td>20 000 €</td><td>Lauréat</td>" in funding
    assert c.title + "</a>" not in funding


def test_under_greedy_projects_are_taken_by_votes_while_they_fit(client,
                                                                  majority_and_minority):
    budget, (a, _b, c, d), _majority, _minority = majority_and_minority(TallyRule.GREEDY)
    assert "Avec 6 voix, son tour est venu quand il restait 60 000 € dans l'enveloppe" in (
        explanation(client, budget, a))
    assert "Avec 6 voix, son tour est venu quand il restait 20 000 € dans l'enveloppe" in (
        explanation(client, budget, c))
    lost = explanation(client, budget, d)
    assert "Avec 4 voix, son tour est venu quand il ne restait que 0 € dans l'enveloppe" in lost
    assert "Non retenu." in lost and "Où est allée" not in lost


def test_a_project_completing_the_envelope_is_explained(client, completed):
    budget, (_p, q, s), _group_q, _group_s = completed
    page = explanation(client, budget, q)
    assert "Lauréat : ajouté pour compléter l'enveloppe." in page
    assert "il restait 30 000 € dans l'enveloppe" in page
    lost = explanation(client, budget, s)
    assert "son tour est venu quand il ne restait que 5 000 €" in lost


def test_a_voter_sees_how_their_share_was_spent(client, majority_and_minority):
    budget, (a, b, c, d), majority, minority = majority_and_minority()
    page = receipt(client, budget, minority[0].receipt_code.lower().replace("-", " "))
    assert "Votre part était de 6 667 € : 5 000 € ont financé des projets" in page
    assert f">{d.title}</a></th><td>Lauréat</td><td>5 000 €</td>" in page
    page = receipt(client, budget, majority[0].receipt_code)
    assert "elle a entièrement financé des projets que vous aviez choisis." in page
    assert f">{a.title}</a></th><td>Lauréat</td><td>3 333 €</td>" in page
    assert f">{b.title}</a></th><td>Lauréat</td><td>3 333 €</td>" in page
    assert f">{c.title}</a></th><td>Non retenu</td><td>—</td>" in page


def test_a_voter_whose_projects_all_lost_learns_their_share_was_not_spent(
        client, closed_budget, make_project, cast):
    budget = closed_budget()
    shared, alone = make_project(budget, cost=20_000), make_project(budget, cost=50_000)
    for _ in range(9):
        cast(budget, [shared])
    ballot = cast(budget, [alone])
    results.publish(budget, None)
    page = receipt(client, budget, ballot.receipt_code)
    assert "Votre part était de 6 000 € : elle n'a servi à aucun projet" in page
    assert f">{alone.title}</a></th><td>Non retenu</td><td>—</td>" in page


def test_a_voter_learns_when_a_project_was_funded_without_their_share(client, completed):
    budget, (_p, q, _s), group_q, _group_s = completed
    page = receipt(client, budget, group_q[0].receipt_code)
    assert f">{q.title}</a></th><td>Lauréat</td><td>financé sans votre part" in page


def test_under_greedy_a_voter_sees_the_outcome_of_their_choices(client,
                                                                majority_and_minority):
    budget, _projects, majority, _minority = majority_and_minority(TallyRule.GREEDY)
    page = receipt(client, budget, majority[0].receipt_code)
    assert "3 des 3 projets que vous avez choisis sont lauréats." in page
    assert "Votre contribution" not in page


@pytest.mark.parametrize("code, message", [
    ("", "Indiquez le code de reçu de votre bulletin."),
    ("pas un code", "Aucun bulletin de ce budget ne porte ce code."),
    (new_receipt_code(), "Aucun bulletin de ce budget ne porte ce code."),
], ids=["empty", "not a code", "unknown code"])
def test_a_wrong_or_missing_code_gets_a_clear_message_tied_to_the_field(
        client, majority_and_minority, code, message):
    budget, *_rest = majority_and_minority()
    page = receipt(client, budget, code)
    assert message in page
    assert 'aria-invalid="true"' in page and 'aria-describedby="id_code_' in page
    assert "Votre part" not in page


def test_a_code_of_another_budget_finds_nothing(client, majority_and_minority):
    budget, *_rest = majority_and_minority()
    _other, _projects, majority, _minority = majority_and_minority()
    assert "Aucun bulletin de ce budget ne porte ce code." in receipt(
        client, budget, majority[0].receipt_code)


def test_the_receipt_form_starts_empty_without_an_error(client, majority_and_minority):
    budget, *_rest = majority_and_minority()
    page = client.get(reverse("budgets:receipt_explanation", args=[budget.slug])).content
    assert b"Code de re\xc3\xa7u" in page and b"errorlist" not in page


def test_a_project_not_put_to_the_vote_has_no_explanation(client, majority_and_minority,
                                                          make_project):
    budget, *_rest = majority_and_minority()
    draft = make_project(budget, status="submitted")
    url = reverse("budgets:project_explanation", args=[budget.slug, draft.pk])
    assert client.get(url).status_code == 404
