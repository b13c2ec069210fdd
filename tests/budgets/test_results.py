"""Results of participatory budgets: the tally from the ballots, its publication (who, when,
what it changes), the results page, its downloads (anyone can recount the published
ballots) and a number of queries that does not grow with the ballots."""

import csv
import hashlib
import html
import io
import json
import random
import subprocess
import sys
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pabulib.checker import Checker

from parvis.budgets import pabulib, results
from parvis.budgets.models import (
    BallotFormat,
    Project,
    ProjectStatus,
    TallyResult,
    TallyRule,
)
from parvis.budgets.tally import tally
from parvis.core import modules
from parvis.core.models import AuditEntry
from parvis.notifications.models import Notification
from parvis.processes.models import Action, Phase
from tests.budgets.conftest import metropolis


def results_url(budget):
    return reverse("budgets:results", args=[budget.slug])


def publish_url(budget):
    return reverse("budgets:publish", args=[budget.slug])


def text(response) -> str:
    """A page's text as people read it: entities decoded, spaces normalised."""
    content = html.unescape(response.content.decode())
    return " ".join(content.replace("\u202f", " ").replace("\xa0", " ").split())


def statuses(*projects):
    return [type(project).objects.get(pk=project.pk).status for project in projects]


@pytest.fixture
def crafted(closed_budget, make_project, cast):
    """Where greedy and equal shares differ: in the 60 000 € envelope, 6 voters choose A, B
    and C, 4 voters choose D (20 000 € each). Greedy funds the three most voted (A, B, C);
    equal shares gives the 4 voters their share of the money: A, B and D."""

    def make(rule=TallyRule.EQUAL_SHARES):
        budget = closed_budget(rule=rule, ballot_format=BallotFormat.APPROVAL)
        a, b, c, d = (make_project(budget, cost=20_000, title=title)
                      for title in ["Projet A", "Projet B", "Projet C", "Projet D"])
        for _ in range(6):
            cast(budget, [a, b, c])
        for _ in range(4):
            cast(budget, [d])
        return budget, (a, b, c, d)

    return make


@pytest.fixture
def random_budget(closed_budget, make_project, cast, communes):
    """Ballots drawn with a fixed seed in both envelopes (knapsack ballots)."""

    def make(voters=40, seed=6, **fields):
        rng = random.Random(seed)
        budget = closed_budget(**fields)
        bordeaux = budget.sub_budgets.get(commune=communes["bordeaux"])
        wide = [make_project(budget, cost=rng.randrange(5, 30) * 1000) for _ in range(7)]
        local = [make_project(budget, sub_budget=bordeaux, cost=rng.randrange(5, 20) * 1000)
                 for _ in range(5)]
        for _ in range(voters):
            chosen = rng.sample(wide, rng.randint(1, 3)) + rng.sample(local, rng.randint(0, 2))
            if budget.ballot_format == BallotFormat.CUMULATIVE:
                cast(budget, {project: rng.randint(1, 4) for project in chosen})
            else:
                cast(budget, chosen)
        return budget

    return make


# The tally ------------------------------------------------------------------------------

@pytest.mark.parametrize("rule, selected", [
    (TallyRule.GREEDY, "ABC"), (TallyRule.EQUAL_SHARES, "ABD"),
])
def test_greedy_and_equal_shares_differ_on_a_crafted_case(client, manager, crafted, rule,
                                                           selected):
    budget, projects = crafted(rule)
    client.force_login(manager)
    assert client.post(publish_url(budget)).status_code == 302
    expected = [ProjectStatus.SELECTED if title[-1] in selected else ProjectStatus.NOT_SELECTED
                for title in (project.title for project in projects)]
    assert statuses(*projects) == expected
    stored = TallyResult.objects.get(sub_budget=metropolis(budget))
    assert stored.rule == rule and stored.ballot_count == 10
    assert sorted(stored.result["selected"]) == sorted(
        str(project.pk) for project in projects if project.title[-1] in selected)


def test_voters_are_numbered_by_receipt_code_not_by_account_or_time(closed_budget,
                                                                     make_project, cast):
    budget = closed_budget()
    project = make_project(budget)
    late = cast(budget, [project], receipt_code="AAAA-AAAA-AAAA")
    early = cast(budget, [project], receipt_code="ZZZZ-ZZZZ-ZZZZ")
    middle = cast(budget, [project], receipt_code="MMMM-MMMM-MMMM")
    assert results.voter_numbers(budget) == {late.pk: "1", middle.pk: "2", early.pk: "3"}
    assert [results.voter_number(ballot) for ballot in (late, middle, early)] == ["1", "2", "3"]


def test_the_election_holds_only_the_projects_put_to_the_vote_and_their_ballots(
        closed_budget, make_project, cast, communes):
    budget = closed_budget(ballot_format=BallotFormat.K_APPROVAL, max_choices=2)
    eligible = make_project(budget, cost=12_000)
    make_project(budget, status=ProjectStatus.INELIGIBLE)
    local = make_project(budget, sub_budget=budget.sub_budgets.get(commune=communes["bordeaux"]))
    cast(budget, [eligible, local])
    cast(budget, [local])
    election = results.election_of(metropolis(budget), results.voter_numbers(budget))
    assert list(election.projects) == [str(eligible.pk)]
    assert election.projects[str(eligible.pk)].cost == 12_000
    assert [ballot.projects for ballot in election.ballots] == [(str(eligible.pk),)]
    meta = election.meta
    assert (meta["vote_type"], meta["max_length"], meta["budget"]) == ("approval", "2", "60000")
    assert (meta["country"], meta["unit"], meta["num_votes"]) == ("France", "Toute la métropole",
                                                                  "1")
    day = timezone.localtime(timezone.now() - timedelta(days=1)).strftime("%d.%m.%Y")
    assert meta["date_end"] == day


def test_the_downloaded_ballots_recount_to_the_published_results(client, random_budget):
    budget = random_budget()
    results.publish(budget, None)
    for stored in TallyResult.objects.filter(sub_budget__budget=budget):
        response = client.get(reverse("budgets:ballots_pb", args=[budget.slug,
                                                                   stored.sub_budget.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        election = pabulib.parse(response.content.decode())
        assert len(election.ballots) == stored.ballot_count
        recount = tally(election, results.METHODS[budget.rule])
        assert recount.selected == stored.result["selected"]
        assert sorted(pid for pid, p in election.projects.items() if p.selected) == sorted(
            stored.result["selected"])


def test_cumulative_ballots_are_published_with_their_points_and_recount(client, random_budget):
    budget = random_budget(ballot_format=BallotFormat.CUMULATIVE, points=10)
    results.publish(budget, None)
    stored = TallyResult.objects.get(sub_budget=metropolis(budget))
    text = client.get(reverse("budgets:ballots_pb", args=[budget.slug, stored.sub_budget.pk]))
    election = pabulib.parse(text.content.decode())
    assert election.meta["vote_type"] == "cumulative"
    assert election.meta["max_sum_points"] == "10"
    assert all(ballot.points for ballot in election.ballots)
    assert tally(election, results.METHODS[budget.rule]).selected == stored.result["selected"]
    assert '<th scope="col">Points</th>' in client.get(results_url(budget)).content.decode()


def test_published_ballots_missing_from_the_storage_are_not_found(client, settings, tmp_path,
                                                                  published_with_voters):
    """The file kept at publication is served as stored; if the storage lost it, the page
    is not found (never a server error)."""
    budget = published_with_voters(3)
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "elsewhere"  # the storage lost the file
    response = client.get(reverse("budgets:ballots_pb", args=[budget.slug,
                                                             metropolis(budget).pk]))
    assert response.status_code == 404


def test_published_ballots_hold_nothing_that_identifies_a_voter(client, closed_budget,
                                                                make_project, cast, make_user):
    budget = closed_budget()
    project = make_project(budget)
    voter = make_user(pseudonym="Votante", email="votante@example.org")
    ballot = cast(budget, [project], voter=voter, identity_hash="f" * 64)
    results.publish(budget, None)
    text = client.get(reverse("budgets:ballots_pb",
                              args=[budget.slug, metropolis(budget).pk])).content.decode()
    for secret in [ballot.receipt_code, "f" * 64, "Votante", "votante@example.org",
                   str(ballot.pk + 1000)]:
        assert secret not in text


# Publication ----------------------------------------------------------------------------

def test_only_the_budget_managers_publish(client, citizen, crafted):
    budget, _projects = crafted()
    assert client.post(publish_url(budget)).status_code == 302  # to the login page
    client.force_login(citizen())
    assert client.post(publish_url(budget)).status_code == 403
    budget.refresh_from_db()
    assert budget.results_published_at is None
    assert not TallyResult.objects.exists()


def test_publishing_is_refused_while_the_vote_is_open(client, manager, make_budget,
                                                      make_project, cast):
    budget = make_budget(actions=(Action.VOTE,))
    cast(budget, [make_project(budget)])
    client.force_login(manager)
    response = client.post(publish_url(budget), follow=True)
    assert "Le vote n'est pas terminé" in text(response)
    budget.refresh_from_db()
    assert budget.results_published_at is None


def test_publishing_is_refused_without_a_vote_phase(manager, make_budget):
    budget = make_budget(actions=(Action.SUBMIT,))
    with pytest.raises(results.PublicationRefused, match="pas de phase de vote"):
        results.publish(budget, manager)


def test_the_vote_end_is_the_end_of_its_last_phase(manager, closed_budget):
    budget = closed_budget()
    later = timezone.now() + timedelta(days=3)
    Phase.objects.create(process=budget.process, title="Vote au guichet",
                         starts_at=timezone.now() + timedelta(days=2), ends_at=later,
                         actions=[str(Action.VOTE)])
    assert results.publication_refusal(budget)
    assert results.publication_refusal(budget, at=later) == ""


def test_publication_sets_statuses_audits_and_tells_authors(client, manager, crafted,
                                                            make_user):
    budget, (a, _b, c, d) = crafted()
    author = make_user(pseudonym="Porteuse")
    type(a).objects.filter(pk__in=[a.pk, c.pk]).update(author=author)
    client.force_login(manager)
    response = client.post(publish_url(budget), follow=True)
    assert "Les résultats sont publiés" in text(response)
    budget.refresh_from_db()
    assert budget.results_published_at is not None
    assert AuditEntry.objects.filter(action="budget.results_published", actor=manager,
                                     target_id=str(budget.pk)).exists()
    changed = AuditEntry.objects.filter(action="budget.project_status_changed")
    assert {entry.target_id for entry in changed} == {str(p.pk) for p in budget.projects.all()}
    messages = sorted(Notification.objects.filter(recipient=author)
                      .values_list("message", flat=True))
    assert len(messages) == 2
    assert "Bonne nouvelle" in messages[0] and a.title in messages[0]
    assert "n'a pas été retenu" in messages[1] and c.title in messages[1]


def test_publishing_again_recomputes_the_same_results_and_changes_nothing(manager, crafted,
                                                                         make_user):
    budget, projects = crafted()
    type(projects[0]).objects.filter(pk=projects[0].pk).update(author=make_user())
    results.publish(budget, manager)
    budget.refresh_from_db()
    stored = TallyResult.objects.filter(sub_budget=metropolis(budget))
    first = (budget.results_published_at, stored.get().result,
             statuses(*projects), Notification.objects.count())
    results.publish(budget, manager)
    budget.refresh_from_db()
    assert (budget.results_published_at, stored.get().result,
            statuses(*projects), Notification.objects.count()) == first


# The results page -------------------------------------------------------------------------

def test_results_are_hidden_before_publication_but_managers_see_a_preview(client, manager,
                                                                         crafted):
    budget, (a, *_rest) = crafted()
    urls = [results_url(budget), reverse("budgets:results_csv", args=[budget.slug]),
            reverse("budgets:ballots_pb", args=[budget.slug, metropolis(budget).pk]),
            reverse("budgets:project_explanation", args=[budget.slug, a.pk]),
            reverse("budgets:receipt_explanation", args=[budget.slug])]
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    client.force_login(manager)
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
    response = client.get(results_url(budget))
    assert "Aperçu réservé aux gestionnaires" in text(response)
    assert f'action="{publish_url(budget)}"' in response.content.decode()
    assert not TallyResult.objects.exists()


def test_results_page_shows_the_winners_their_cost_votes_and_share(client, crafted):
    budget, (a, b, c, d) = crafted()
    results.publish(budget, None)
    page = text(client.get(results_url(budget)))
    winners = page.split("Projets lauréats</h3>")[1].split("</table>")[0]
    assert [title in winners for title in ["Projet A", "Projet B", "Projet C", "Projet D"]] == [
        True, True, False, True]
    assert "<td>20 000 €</td><td>6</td><td>33,3 %</td>" in winners
    assert "10 bulletins dans cette enveloppe" in page
    assert "<svg" in page and 'role="img"' in page
    assert "Comment les lauréats sont choisis : méthode des parts égales" in page
    assert reverse("budgets:ballots_pb", args=[budget.slug, metropolis(budget).pk]) in page
    assert "Aperçu" not in page


def test_the_chart_marks_the_winners_and_the_process_page_links_the_results(client, crafted):
    budget, (a, b, c, d) = crafted()
    process_page = budget.process.get_absolute_url()
    assert results_url(budget) not in client.get(process_page).content.decode()
    results.publish(budget, None)
    chart = text(client.get(results_url(budget))).split("<svg", 1)[1].split("</svg>", 1)[0]
    for title in ("Projet A", "Projet B", "Projet D"):  # by a star and a word, not colour
        assert f">★ {title}</text>" in chart
    assert ">Projet C</text>" in chart and "★ Projet C" not in chart
    assert chart.count("— lauréat</text>") == 3 and chart.count("chart-bar-marked") == 3
    page = client.get(process_page).content.decode()
    block = page.split('id="resultats"', 1)[1].split("</section>", 1)[0]
    assert f'href="{results_url(budget)}"' in block and budget.title in block


def test_each_envelope_publishes_its_ballots_digest_rule_and_a_recount_command(
        client, crafted, tmp_path):
    budget, (a, b, _c, d) = crafted()
    results.publish(budget, None)
    envelope = metropolis(budget)
    content = client.get(reverse("budgets:ballots_pb", args=[budget.slug, envelope.pk]))
    data = b"".join(content.streaming_content) if content.streaming else content.content
    digest = hashlib.sha256(data).hexdigest()
    page = text(client.get(results_url(budget)))
    terms = page.split('<dl class="method">')[1].split("</dl>")[0]
    assert "<dt>Règle</dt><dd>méthode des parts égales</dd>" in terms
    assert "jusqu'à ce que le résultat dépasse l'enveloppe ou l'épuise" in terms
    assert "le projet qui a le plus de soutiens d'abord" in terms
    assert f'<code class="digest">{digest}</code>' in terms
    entry = AuditEntry.objects.get(action="budget.results_published")
    assert entry.data["ballots_sha256"][str(envelope.pk)] == digest
    command = page.split('<code class="command">')[1].split("</code>")[0]
    winners = ",".join(str(project.pk) for project in (a, b, d))
    name = f"{budget.slug}-{envelope.pk}.pb"
    assert command == (f"parvis tally --verify {name} --rule equal-shares --completion"
                       f" add1 --tie-breaking support --expect {winners}")
    (tmp_path / name).write_bytes(data)
    argv = [sys.executable, "-m", "parvis", *command.split()[1:]]
    assert subprocess.run(argv, cwd=tmp_path, capture_output=True, check=False).returncode == 0
    argv[-1] = str(a.pk)
    assert subprocess.run(argv, cwd=tmp_path, capture_output=True, check=False).returncode == 1


def test_the_published_file_stays_as_published(client, crafted):
    budget, (a, *_rest) = crafted()
    results.publish(budget, None)
    url = reverse("budgets:ballots_pb", args=[budget.slug, metropolis(budget).pk])
    before = client.get(url).content
    type(a).objects.filter(pk=a.pk).update(title="Titre changé après la publication")
    assert client.get(url).content == before


# The validator checks equal-shares outcomes on approval ballots only (it warns otherwise).
FORMATS = [(rule, ballot_format) for rule in TallyRule for ballot_format in BallotFormat
           if not (rule == TallyRule.EQUAL_SHARES and ballot_format == BallotFormat.CUMULATIVE)]


@pytest.mark.parametrize(("rule", "ballot_format"), FORMATS)
def test_the_ballots_files_pass_the_pabulib_validator(client, closed_budget, make_project, cast,
                                                      communes, rule, ballot_format):
    budget = closed_budget(rule=rule, ballot_format=ballot_format, max_choices=2, points=10)
    local = budget.sub_budgets.get(commune=communes["bordeaux"])
    w1, w2, w3, w4 = (make_project(budget, cost=cost) for cost in (10_000, 20_000, 25_000,
                                                                   30_000))
    l1, l2, l3 = (make_project(budget, sub_budget=local, cost=cost)
                  for cost in (10_000, 15_000, 20_000))
    for choices, voters in [({w1: 4, w2: 6}, 3), ({w3: 5, w4: 5}, 2), ({l1: 7, l2: 3}, 2),
                            ({w2: 5, l3: 5}, 1)]:
        for _ in range(voters):
            cast(budget, choices if ballot_format == BallotFormat.CUMULATIVE else list(choices))
    results.publish(budget, None)
    for stored in TallyResult.objects.filter(sub_budget__budget=budget):
        url = reverse("budgets:ballots_pb", args=[budget.slug, stored.sub_budget.pk])
        report = Checker().process_files([client.get(url).content.decode()])
        outcome = next(value["results"] for key, value in report.items()
                       if key not in ("metadata", "summary"))
        assert outcome == {"errors": {}, "warnings": {}}, outcome


def test_results_downloads_as_csv_and_json(client, crafted):
    budget, (a, b, c, d) = crafted()
    results.publish(budget, None)
    Project.objects.filter(pk=a.pk).update(title="=Projet A")
    response = client.get(reverse("budgets:results_csv", args=[budget.slug]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    laureats = {row["titre"] for row in rows if row["laureat"] == "oui"}
    assert laureats == {"'=Projet A", "Projet B", "Projet D"}  # text, not a formula
    assert {row["voix"] for row in rows} == {"6", "4"}
    data = json.loads(client.get(reverse("budgets:results_json", args=[budget.slug])).content)
    envelope = data["sub_budgets"][0]
    assert envelope["ballots"] == 10
    assert envelope["tally"]["selected"] == [str(a.pk), str(b.pk), str(d.pk)]


def test_results_page_queries_do_not_grow_with_ballots(count_queries, published_with_voters):
    small, large = published_with_voters(4), published_with_voters(40)
    assert count_queries(results_url(small)) == count_queries(results_url(large))


def test_the_summary_of_stored_results_leaves_out_the_spending_but_not_the_outcome(crafted):
    budget, _projects = crafted()
    results.publish(budget, None)
    budget.refresh_from_db()
    full = results.budget_results(budget, spending=True).sub_budgets[0]
    summary = results.budget_results(budget).sub_budgets[0]
    assert len(full.result["voters"]) == 2 and summary.result["voters"] == []
    del full.result["voters"], summary.result["voters"]
    assert summary.result == full.result


def test_the_winners_realisations_are_followed_as_soon_as_results_are_published(
        published_with_voters, client):
    budget = published_with_voters(4)
    winners = budget.projects.filter(status=ProjectStatus.SELECTED)
    follow_ups = [modules.follow_up(f"budgets.project:{project.pk}") for project in winners]
    assert winners and all(follow_ups)
    page = client.get(reverse("budgets:results", args=[budget.slug])).content.decode()
    for project, follow_up in zip(winners, follow_ups, strict=True):
        assert (f'<a href="{follow_up.url}">À lancer, 0 %<span class="visually-hidden"> :'
                f" réalisation de « {project.title} »</span></a>") in page
