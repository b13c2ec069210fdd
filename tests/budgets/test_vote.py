"""Voting online without JavaScript (plain POSTs): eligibility, every ballot format with its
refusals in French, the confirmation step, the receipt, and changing a ballot."""

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from parvis.budgets import pending, voting
from parvis.budgets.models import Ballot, BallotFormat, Project, ProjectStatus, SubBudget
from parvis.core.formats import moment
from parvis.core.models import AuditEntry, District, Role, VerificationLevel
from parvis.notifications.models import Notification
from parvis.processes.models import Phase
from tests.budgets.conftest import confirm_ballot, metropolis

pytestmark = pytest.mark.django_db

RECEIPT = re.compile(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}")


def vote_url(budget, name="vote"):
    return reverse(f"budgets:{name}", args=[budget.slug])


def projects_of(budget, sub_budget=None):
    sub_budget = sub_budget or metropolis(budget)
    return list(Project.objects.filter(sub_budget=sub_budget).order_by("estimated_cost", "pk"))


def sub_budget_of(budget, commune):
    return budget.sub_budgets.get(commune=commune, district=None)


def pks(*projects):
    return [str(project.pk) for project in projects]


def text(response) -> str:
    """The page with its no-break spaces as plain spaces, to read messages with amounts."""
    return html.unescape(response.content.decode()).replace("\xa0", " ").replace("\u202f", " ")


def vote(client, budget, data):
    """Send a ballot then confirm it, as a browser without JavaScript does."""
    return confirm_ballot(client, budget, client.post(vote_url(budget), data))


# The whole flow -------------------------------------------------------------------------


def test_approval_ballot_confirm_receipt_audit_and_notification(client, make_vote, voter):
    budget = make_vote(ballot_format=BallotFormat.APPROVAL)
    cheap, middle, dear = projects_of(budget)
    local = projects_of(budget, sub_budget_of(budget, voter.commune))[0]
    client.force_login(voter)
    page = client.get(vote_url(budget)).content.decode()
    assert "<legend>Toute la métropole</legend>" in page and "<legend>Bordeaux</legend>" in page
    assert page.count('type="checkbox" name="projets"') == 5

    sent = client.post(vote_url(budget), {"projets": pks(cheap, dear, local)})
    assert sent.status_code == 302
    # The pending choices stay in the browser, never in an address (servers log those).
    assert sent.url == vote_url(budget, "vote_confirm")
    kept = client.cookies[pending_cookie(budget)]
    assert kept["path"] == vote_url(budget) and kept["httponly"]
    assert not Ballot.objects.exists()  # nothing stored before the confirmation
    summary = client.get(sent.url).content.decode()
    assert cheap.title in summary and dear.title in summary and middle.title not in summary
    assert "Confirmer mon vote" in summary and "Modifier mes choix" in summary

    done = confirm_ballot(client, budget, sent, follow=True)
    assert done.redirect_chain[-1][0] == vote_url(budget, "vote_receipt")
    ballot = Ballot.objects.get()
    assert ballot.voter == voter and ballot.channel == "online"
    assert ballot.commune == voter.commune and ballot.identity_hash is None
    assert set(ballot.choices.values_list("project", "points")) == {
        (cheap.pk, 1), (dear.pk, 1), (local.pk, 1)}
    assert RECEIPT.fullmatch(ballot.receipt_code)
    receipt = done.content.decode()
    assert "Merci, votre vote est enregistré." in receipt and ballot.receipt_code in receipt
    assert cheap.title in receipt and middle.title not in receipt

    entry = AuditEntry.objects.get(action="ballot.cast")
    assert entry.actor == voter and entry.data == {"ballot": ballot.pk, "channel": "online"}
    # A second click, once the ballot is stored, shows the receipt and stores nothing more.
    again = confirm_ballot(client, budget, sent)
    assert again.status_code == 302 and again.url == vote_url(budget, "vote_receipt")
    assert Ballot.objects.count() == 1 and AuditEntry.objects.filter(
        action__startswith="ballot.").count() == 1
    notification = Notification.objects.get(recipient=voter)
    assert ballot.receipt_code in notification.message
    assert notification.url == vote_url(budget, "vote_receipt")


def pending_cookie(budget) -> str:
    return f"bulletin-en-attente-{budget.pk}"


def test_modifier_goes_back_to_the_pending_choices(client, make_vote, voter):
    budget = make_vote(ballot_format=BallotFormat.APPROVAL)
    cheap, middle, _dear = projects_of(budget)
    client.force_login(voter)
    sent = client.post(vote_url(budget), {"projets": pks(cheap)})
    summary = client.get(sent.url).content.decode()
    change = re.search(r'href="([^"]*)">Modifier mes choix<', summary).group(1)
    assert html.unescape(change) == vote_url(budget)
    page = client.get(vote_url(budget)).content.decode()
    assert f'value="{cheap.pk}" data-weight="1" checked' in page
    assert f'value="{middle.pk}" data-weight="1">' in page
    # Altered choices are not shown.
    client.cookies[pending_cookie(budget)] = "x" + client.cookies[pending_cookie(budget)].value
    forged = client.get(vote_url(budget)).content.decode()
    assert f'value="{cheap.pk}" data-weight="1" checked' not in forged


def test_a_signed_ballot_serves_its_person_and_budget_only(client, make_vote, voter, citizen,
                                                         communes):
    budget, other_budget = (make_vote(ballot_format=BallotFormat.APPROVAL) for _n in range(2))
    cheap = projects_of(budget)[0]
    client.force_login(voter)
    sent = client.post(vote_url(budget), {"projets": pks(cheap)})
    assert sent.status_code == 302
    token = {pending.FIELD: client.cookies[pending_cookie(budget)].value}
    client.force_login(citizen(commune=communes["bordeaux"]))
    stolen = client.post(vote_url(budget, "vote_confirm"), token, follow=True)
    assert "Choisissez vos projets, puis confirmez votre vote." in text(stolen)
    client.force_login(voter)
    elsewhere = client.post(vote_url(other_budget, "vote_confirm"), token, follow=True)
    assert "Choisissez vos projets, puis confirmez votre vote." in text(elsewhere)
    assert not Ballot.objects.exists()


def test_confirm_without_a_pending_ballot_goes_back_to_the_ballot(client, make_vote, voter):
    budget = make_vote()
    client.force_login(voter)
    response = client.post(vote_url(budget, "vote_confirm"), follow=True)
    assert response.redirect_chain[-1][0] == vote_url(budget)
    assert "Choisissez vos projets, puis confirmez votre vote." in text(response)
    assert not Ballot.objects.exists()


def test_an_empty_ballot_is_refused(client, make_vote, voter):
    budget = make_vote()
    client.force_login(voter)
    response = client.post(vote_url(budget), {})
    assert response.status_code == 200 and "Choisissez au moins un projet." in text(response)


# Formats ------------------------------------------------------------------------------------


def test_k_approval_allows_at_most_k_per_sub_budget(client, make_vote, voter):
    budget = make_vote(ballot_format=BallotFormat.K_APPROVAL, max_choices=2)
    cheap, middle, dear = projects_of(budget)
    local = projects_of(budget, sub_budget_of(budget, voter.commune))
    client.force_login(voter)
    page = text(client.get(vote_url(budget)))
    assert "Choisissez au plus 2 projets dans chaque enveloppe." in page
    assert "Projets choisis : 0 sur 2 au plus." in page
    refused = client.post(vote_url(budget), {"projets": pks(cheap, middle, dear, *local)})
    page = text(refused)
    assert refused.status_code == 200
    assert "Vous avez choisi 3 projets : 2 au plus dans cette enveloppe." in page
    section = metropolis(budget).pk
    assert f'aria-describedby="enveloppe-{section}-aide enveloppe-{section}-erreur"' in page
    assert page.count("au plus dans cette enveloppe") == 1  # Bordeaux: 2 projects, fine
    assert f'value="{dear.pk}" data-weight="1" checked' in page  # choices kept
    vote(client, budget, {"projets": pks(cheap, dear, *local)})
    assert Ballot.objects.get().choices.count() == 4


def test_knapsack_over_budget_has_the_exact_french_message(client, make_vote, voter):
    budget = make_vote(ballot_format=BallotFormat.KNAPSACK)  # metropolis: 60 000 €
    cheap, middle, dear = projects_of(budget)  # 17 000, 25 000 and 30 000 €
    client.force_login(voter)
    page = text(client.get(vote_url(budget)))
    assert 'data-meter="euros" data-limit="60000"' in page
    assert f'value="{dear.pk}" data-weight="30000"' in page
    refused = client.post(vote_url(budget), {"projets": pks(cheap, middle, dear)})
    page = text(refused)
    assert "Votre sélection dépasse le budget de 12 000 € : elle coûte 72 000 € pour une" \
           " enveloppe de 60 000 €." in page
    assert "Votre sélection dépasse le budget de 12 000 €." in page  # the meter, server-side
    assert '<meter min="0" max="60000" value="72000"' in page
    assert "\xa0" in refused.content.decode().split("dépasse le budget de 12")[1][:2]
    vote(client, budget, {"projets": pks(middle, dear)})  # 55 000 €
    assert Ballot.objects.get().choices.count() == 2


def test_cumulative_points_limit_and_typing_errors(client, make_vote, voter):
    budget = make_vote(ballot_format=BallotFormat.CUMULATIVE, points=10)
    cheap, middle, dear = projects_of(budget)
    local, _other = projects_of(budget, sub_budget_of(budget, voter.commune))
    client.force_login(voter)
    page = text(client.get(vote_url(budget)))
    assert '<input type="number" min="0" max="10" step="1"' in page
    assert "Points répartis : 0 sur 10." in page

    over = client.post(vote_url(budget), {f"points-{cheap.pk}": "6", f"points-{middle.pk}": "5"})
    assert "Vous avez réparti 11 points : 10 au plus dans cette enveloppe." in text(over)
    typo = client.post(vote_url(budget), {f"points-{cheap.pk}": "deux",
                                          f"points-{middle.pk}": "-1"})
    page = text(typo)
    assert page.count("Indiquez un nombre entier de points, 0 ou plus.") == 2
    assert f'aria-invalid="true" aria-describedby="points-{cheap.pk}-erreur"' in page
    assert 'value="deux"' in page

    vote(client, budget, {f"points-{cheap.pk}": "7", f"points-{middle.pk}": "0",
                          f"points-{dear.pk}": "3", f"points-{local.pk}": "10"})
    ballot = Ballot.objects.get()
    assert dict(ballot.choices.values_list("project", "points")) == {
        cheap.pk: 7, dear.pk: 3, local.pk: 10}
    receipt = text(client.get(vote_url(budget, "vote_receipt")))
    assert "7 points" in receipt and "10 points" in receipt


@pytest.mark.parametrize("ballot_format", [BallotFormat.APPROVAL, BallotFormat.CUMULATIVE])
def test_projects_not_on_the_voter_s_ballot_are_refused(client, make_vote, make_project, voter,
                                                        communes, ballot_format):
    budget = make_vote(ballot_format=ballot_format, points=10)
    merignac = SubBudget.objects.create(budget=budget, name="Mérignac", amount=10_000,
                                        commune=communes["merignac"])
    elsewhere = make_project(budget, sub_budget=merignac, cost=5_000)
    not_eligible = make_project(budget, cost=5_000, status=ProjectStatus.INELIGIBLE)
    other_budget = projects_of(make_vote())[0]
    client.force_login(voter)
    page = client.get(vote_url(budget)).content.decode()
    assert "Mérignac" not in page and not_eligible.title not in page
    fine = projects_of(budget)[0]
    for project in (elsewhere, not_eligible, other_budget):
        if ballot_format == BallotFormat.APPROVAL:
            data = {"projets": pks(fine, project)}
        else:
            data = {f"points-{fine.pk}": "1", f"points-{project.pk}": "1"}
        response = client.post(vote_url(budget), data)
        assert "n'est pas proposé à votre vote" in text(response), project
    tampered = client.post(vote_url(budget), {"projets": ["abc"], "points-x": "1"})
    assert "n'est pas proposé à votre vote" in text(tampered)
    assert not Ballot.objects.exists()


def test_a_voter_picks_one_district_of_their_commune(client, make_vote, make_project, voter):
    budget = make_vote(ballot_format=BallotFormat.APPROVAL)
    districts = [
        SubBudget.objects.create(
            budget=budget, name=f"Quartier {name}", amount=5_000, commune=voter.commune,
            district=District.objects.create(commune=voter.commune, name=name, slug=name.lower()))
        for name in ("Bastide", "Caudéran")
    ]
    bastide, cauderan = (make_project(budget, sub_budget=district, cost=4_000,
                                      title=f"Projet {district.name}") for district in districts)
    cheap = projects_of(budget)[0]
    client.force_login(voter)
    page = client.get(vote_url(budget)).content.decode()
    assert "<legend>Votre quartier</legend>" in page
    assert bastide.title not in page and cauderan.title not in page

    shown = client.post(vote_url(budget), {"projets": pks(cheap), "quartier": districts[0].pk,
                                           "show_district": ""})
    page = shown.content.decode()
    assert shown.status_code == 200 and bastide.title in page and cauderan.title not in page
    assert f'value="{cheap.pk}" data-weight="1" checked' in page  # the choice is kept

    both = client.post(vote_url(budget), {"projets": pks(cheap, bastide, cauderan)})
    assert "Votez pour les projets d'un seul quartier." in text(both)
    # The district picked is the one voted in: choices left in another one are dropped.
    vote(client, budget, {"projets": pks(cheap, bastide, cauderan), "quartier": districts[1].pk})
    assert set(Ballot.objects.get().choices.values_list("project", flat=True)) == {
        cheap.pk, cauderan.pk}
    # Changing it later shows the district of the ballot.
    page = client.get(vote_url(budget)).content.decode()
    assert cauderan.title in page and bastide.title not in page


# Changing a ballot ------------------------------------------------------------------------


def test_a_ballot_is_changed_until_the_vote_closes(client, make_vote, voter):
    budget = make_vote(ballot_format=BallotFormat.APPROVAL)
    cheap, middle, _dear = projects_of(budget)
    client.force_login(voter)
    vote(client, budget, {"projets": pks(cheap)})
    first = Ballot.objects.get()
    page = text(client.get(vote_url(budget)))
    assert "Vous avez voté le" in page and "vos nouveaux choix remplaceront" in page
    assert f'value="{cheap.pk}" data-weight="1" checked' in page  # the saved choices

    changed = vote(client, budget, {"projets": pks(middle)})
    assert changed.status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.receipt_code == first.receipt_code and ballot.updated_at > first.updated_at
    assert list(ballot.choices.values_list("project", flat=True)) == [middle.pk]
    assert AuditEntry.objects.filter(action="ballot.changed", actor=voter).count() == 1
    receipt = text(client.get(vote_url(budget, "vote_receipt")))
    assert "Modifié le" in receipt and "Modifier mon bulletin" in receipt


def test_a_ballot_that_is_not_changeable(client, make_vote, voter):
    budget = make_vote(ballot_format=BallotFormat.APPROVAL, ballot_changeable=False)
    cheap, middle, _dear = projects_of(budget)
    client.force_login(voter)
    vote(client, budget, {"projets": pks(cheap)})
    page = text(client.get(vote_url(budget)))
    assert "Les bulletins de ce budget ne sont pas modifiables." in page
    assert 'name="projets"' not in page
    # A ballot pending from before (another tab), confirmed now, is refused clearly.
    again = client.post(vote_url(budget, "vote_confirm"),
                        {pending.FIELD: pending.sign(budget, voter, {middle.pk: 1})})
    assert again.status_code == 409
    assert "Les bulletins de ce budget ne sont pas modifiables." in text(again)
    assert list(Ballot.objects.get().choices.values_list("project", flat=True)) == [cheap.pk]
    assert "Modifier mon bulletin" not in text(client.get(vote_url(budget, "vote_receipt")))


def test_the_receipt_page_without_a_ballot(client, make_vote, voter):
    budget = make_vote()
    client.force_login(voter)
    page = text(client.get(vote_url(budget, "vote_receipt")))
    assert "Vous n'avez pas encore voté dans ce budget." in page
    client.logout()
    anonymous = client.get(vote_url(budget, "vote_receipt"))
    assert anonymous.status_code == 302 and "/compte/connexion/" in anonymous.url


# Who may vote -------------------------------------------------------------------------------


def test_anonymous_people_see_why_and_a_login_link(client, make_vote):
    budget = make_vote()
    page = text(client.get(vote_url(budget)))
    assert "Connectez-vous" in page
    assert f'href="{reverse("accounts:login")}?next={vote_url(budget)}"' in page
    assert 'name="projets"' not in page
    response = client.post(vote_url(budget, "vote_confirm"))
    assert response.status_code == 302 and "/compte/connexion/" in response.url
    refused = client.post(vote_url(budget), {"projets": pks(*projects_of(budget))})
    assert refused.status_code == 403 and "Connectez-vous" in text(refused)
    assert not Ballot.objects.exists()


def test_the_vote_phase_must_be_open(client, make_budget, make_vote, voter):
    budget = make_budget()  # its current phase opens the submission only
    client.force_login(voter)
    page = text(client.get(vote_url(budget)))
    assert "Le vote n'est pas ouvert dans cette démarche." in page
    # A pending ballot cannot be confirmed once the vote has closed.
    open_vote = make_vote(ballot_format=BallotFormat.APPROVAL)
    sent = client.post(vote_url(open_vote), {"projets": pks(projects_of(open_vote)[0])})
    ended = timezone.now()
    Phase.objects.filter(process=open_vote.process).update(ends_at=ended)
    closed = confirm_ballot(client, open_vote, sent, follow=True)
    assert f"Le vote a fermé le {moment(ended)}." in text(closed)
    assert not Ballot.objects.exists()
    # The budget's page says when the vote closed (or opens), with no link to vote.
    client.logout()
    page = text(client.get(reverse("budgets:budget", args=[open_vote.slug])))
    assert f"Le vote a fermé le {moment(ended)}." in page and vote_url(open_vote) not in page
    assert "Se connecter</a></p>" not in page.split("Le vote a fermé", 1)[1].split("</p>")[0]


def test_a_draft_budget_is_seen_by_its_managers_only(client, make_vote, voter, make_staff):
    budget = make_vote(ballot_format=BallotFormat.APPROVAL)
    budget.process.is_published = False
    budget.process.save()
    client.force_login(voter)
    assert client.get(vote_url(budget)).status_code == 404
    assert client.post(vote_url(budget, "vote_confirm")).status_code == 404
    manager = make_staff(Role.PROCESS_MANAGER)
    client.force_login(manager)
    page = client.get(vote_url(budget))
    assert page.status_code == 200 and "Cette démarche n'est pas publiée." in text(page)


def test_minimum_age(client, make_vote, citizen, communes):
    budget = make_vote(min_age=16, ballot_format=BallotFormat.APPROVAL)
    today = timezone.localdate()
    client.force_login(citizen(commune=communes["bordeaux"]))
    page = text(client.get(vote_url(budget)))
    assert "Indiquez votre date de naissance dans votre compte" in page
    assert "réservé aux personnes de 16 ans et plus" in page
    assert f'href="{reverse("accounts:profile")}"' in page
    client.force_login(citizen(commune=communes["bordeaux"],
                               birth_date=date(today.year - 15, 1, 1)))  # 14 or 15
    page = text(client.get(vote_url(budget)))
    assert "Ce vote est réservé aux personnes de 16 ans et plus." in page
    assert 'name="projets"' not in page
    client.force_login(citizen(commune=communes["bordeaux"],
                               birth_date=date(today.year - 17, 1, 1)))  # 16 or 17
    assert 'name="projets"' in text(client.get(vote_url(budget)))


def test_age_on_a_birthday():
    assert voting.age_on(date(2010, 3, 10), date(2026, 3, 9)) == 15
    assert voting.age_on(date(2010, 3, 10), date(2026, 3, 10)) == 16
    assert voting.age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert voting.age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_residence(client, make_vote, citizen, communes):
    budget = make_vote()
    budget.process.communes.set([communes["merignac"], communes["pessac"]])
    client.force_login(citizen(commune=communes["bordeaux"]))
    page = text(client.get(vote_url(budget)))
    assert "Ce vote est réservé aux habitants de : Mérignac, Pessac." in page
    client.force_login(citizen())
    page = text(client.get(vote_url(budget)))
    assert "Indiquez votre commune de résidence dans votre compte" in page

    # Open to everyone: someone without a commune votes in the metropolis-wide envelope only.
    open_budget = make_vote(residents_only=False, ballot_format=BallotFormat.APPROVAL)
    page = client.get(vote_url(open_budget)).content.decode()
    assert "<legend>Toute la métropole</legend>" in page and "<legend>Bordeaux</legend>" not in page
    local = projects_of(open_budget, sub_budget_of(open_budget, communes["bordeaux"]))[0]
    refused = client.post(vote_url(open_budget), {"projets": pks(local)})
    assert "n'est pas proposé à votre vote" in text(refused)


def test_verification_level(client, make_vote, voter, citizen, communes):
    budget = make_vote(vote_level=VerificationLevel.IN_PERSON)
    client.force_login(voter)
    page = text(client.get(vote_url(budget)))
    assert "Cette action demande le niveau de vérification : vérifiée en personne" in page
    client.force_login(citizen(commune=communes["bordeaux"],
                               verification_level=VerificationLevel.IDENTITY))
    assert 'name="projets"' in text(client.get(vote_url(budget)))


def test_ballot_and_receipt_query_counts_do_not_grow_with_projects(client, make_vote, voter,
                                                                   make_project, count_queries):
    budget = make_vote(ballot_format=BallotFormat.APPROVAL)
    client.force_login(voter)
    vote(client, budget, {"projets": pks(*projects_of(budget))})
    few = count_queries(vote_url(budget)), count_queries(vote_url(budget, "vote_receipt"))
    for _number in range(20):
        make_project(budget, cost=1_000)
        make_project(budget, sub_budget=sub_budget_of(budget, voter.commune), cost=1_000)
    vote(client, budget, {"projets": pks(*projects_of(budget))})
    many = count_queries(vote_url(budget)), count_queries(vote_url(budget, "vote_receipt"))
    assert many == few
    assert client.get(vote_url(budget)).content.decode().count('name="projets"') == 45


def _flow_queries(client, budget, person, chosen) -> list[int]:
    """The queries of the three requests of a vote: the ballot page, the choices and the
    confirmation that stores the ballot; then of the receipt it leads to."""
    client.force_login(person)
    _page, on_page = _counted(client.get, vote_url(budget))
    sent, on_choices = _counted(client.post, vote_url(budget), {"projets": pks(*chosen)})
    done, on_confirmation = _counted(confirm_ballot, client, budget, sent)
    assert done.url == vote_url(budget, "vote_receipt")
    _receipt, on_receipt = _counted(client.get, done.url)
    return [on_page, on_choices, on_confirmation, on_receipt]


def _counted(send, *args):
    with CaptureQueriesContext(connection) as queries:
        response = send(*args)
    assert response.status_code in {200, 302}, text(response)
    return response, len(queries)


# With the production task backend (the receipt's e-mail is a task row, sent later). The
# framework's own share of each is three queries: the session, the account and its roles.
# The receipt of a ballot that may still change asks the eligibility again.
MOST_QUERIES = {"ballot page": 10, "choices": 9, "confirmation": 15, "receipt": 10}


def test_the_queries_of_a_vote_grow_neither_with_projects_nor_with_ballots(
        client, make_vote, make_project, voter, citizen, communes, database_tasks):
    budget = make_vote(ballot_format=BallotFormat.APPROVAL)
    few = _flow_queries(client, budget, voter, projects_of(budget)[:2])
    bordeaux = sub_budget_of(budget, communes["bordeaux"])
    for _number in range(30):
        make_project(budget, cost=1_000)
        make_project(budget, sub_budget=bordeaux, cost=1_000)
    chosen = projects_of(budget)[:2]
    for _number in range(20):
        voting.cast_ballot(budget, citizen(commune=communes["bordeaux"]),
                           {project.pk: 1 for project in chosen})
    many = _flow_queries(client, budget, citizen(commune=communes["bordeaux"]), chosen)
    assert many == few
    # Within the budget of each request (a savepoint per transaction inside the test's own
    # transaction on SQLite; BEGIN and COMMIT on PostgreSQL).
    assert all(count <= most for count, most in zip(few, MOST_QUERIES.values(), strict=True)), few


# Receipt codes ------------------------------------------------------------------------------


def test_receipt_codes_are_random_and_unambiguous():
    codes = {voting.new_receipt_code() for _number in range(200)}
    assert len(codes) == 200 and all(RECEIPT.fullmatch(code) for code in codes)
    assert not set("".join(codes)) & set("01ILO")


@given(st.text(alphabet=voting.RECEIPT_ALPHABET, min_size=12, max_size=12),
       st.lists(st.sampled_from([" ", "-", ""]), min_size=12, max_size=12))
def test_a_receipt_code_typed_loosely_is_found(raw, separators):
    code = "-".join(raw[start:start + 4] for start in range(0, 12, 4))
    typed = "".join(char.lower() + sep for char, sep in zip(raw, separators, strict=True))
    assert voting.normalise_receipt_code(typed) == code
    assert voting.normalise_receipt_code(typed + "A") == ""
