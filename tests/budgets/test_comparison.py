"""The comparison page: greedy by votes and equal shares side by side on a budget's ballots."""

import html

from django.urls import reverse

from parvis.budgets import results
from parvis.budgets.models import BallotFormat, TallyRule


def comparison_url(budget):
    return reverse("budgets:results_comparison", args=[budget.slug])


def text(response) -> str:
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    return " ".join(content.replace("\u202f", " ").replace("\xa0", " ").split())


def crafted(closed_budget, make_project, cast, communes, rule=TallyRule.EQUAL_SHARES):
    """60 000 €: 6 voters choose A, B and C, 4 voters choose D (20 000 € each; D is in
    Pessac). Greedy funds A, B and C; equal shares, A, B and D."""
    budget = closed_budget(rule=rule, ballot_format=BallotFormat.APPROVAL)
    a, b, c = (make_project(budget, cost=20_000, title=f"Projet {letter}") for letter in "ABC")
    d = make_project(budget, cost=20_000, title="Projet D", commune=communes["pessac"])
    for _ in range(6):
        cast(budget, [a, b, c])
    for _ in range(4):
        cast(budget, [d])
    return budget


def test_the_comparison_shows_both_rules_side_by_side(client, closed_budget, make_project,
                                                      cast, communes):
    budget = crafted(closed_budget, make_project, cast, communes)
    results.publish(budget, None)
    page = text(client.get(comparison_url(budget)))
    summary = page.split('id="summary"')[1].split("</table>")[0]
    assert ("Au plus de voix (glouton)</th><td>3</td><td>60 000 €</td><td>60 % (6)</td>"
            in summary)
    assert ("Méthode des parts égales (règle de ce budget)</th><td>3</td><td>60 000 €</td>"
            "<td>100 % (10)</td>" in summary)
    places = page.split('id="places"')[1].split("</section>")[0]
    assert "<svg" in places and 'role="img"' in places
    assert "<th scope=\"row\">Toute la métropole</th><td>60 000 €</td><td>40 000 €</td>" in (
        places)
    assert "<th scope=\"row\">Pessac</th><td>0 €</td><td>20 000 €</td>" in places
    winners = page.split("Lauréats côte à côte : Toute la métropole")[1].split("</table>")[0]
    assert ("Projet C</th><td>20 000 €</td><td>6</td><td>Financé</td><td>Non financé</td>"
            in winners)
    assert ("Projet D</th><td>20 000 €</td><td>4</td><td>Non financé</td><td>Financé</td>"
            in winners)
    results_page = client.get(reverse("budgets:results", args=[budget.slug])).content.decode()
    assert comparison_url(budget) in results_page


def test_the_comparison_is_hidden_before_publication_but_managers_preview_it(
        client, manager, closed_budget, make_project, cast, communes):
    budget = crafted(closed_budget, make_project, cast, communes, rule=TallyRule.GREEDY)
    assert client.get(comparison_url(budget)).status_code == 404
    client.force_login(manager)
    page = text(client.get(comparison_url(budget)))
    assert "Au plus de voix (glouton) (règle de ce budget)" in page


def test_the_comparison_queries_do_not_grow_with_ballots(count_queries, published_with_voters):
    small, large = published_with_voters(4), published_with_voters(40)
    assert count_queries(comparison_url(small)) == count_queries(comparison_url(large))
