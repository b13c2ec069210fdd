from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from parvis.core.models import Role, VerificationLevel
from parvis.processes.models import Action, Process, Theme
from parvis.processes.services import Window, action_decision

DAY = timedelta(days=1)


@pytest.fixture
def processes(communes, make_process):
    climate = Theme.objects.create(name="Climat", slug="climat")
    return {
        "open": make_process(title="Ouverte", phases=[("Dépôt", -1, 1, ["submit"])],
                             theme=climate),
        "upcoming": make_process(title="A venir", phases=[("Vote", 1, 2, ["vote"])],
                                 communes=[communes["cenon"]]),
        "closed": make_process(title="Finie", phases=[("Vote", -3, -2, ["vote"])],
                               communes=[communes["pessac"]]),
        "draft": make_process(title="Brouillon", phases=[("Dépôt", -1, 1, ["submit"])],
                              published=False),
    }


def titles(response):
    return {process.title for process in response.context["page_obj"]}


@pytest.mark.django_db
def test_list_shows_published_processes_only(client, processes):
    response = client.get(reverse("processes:list"))
    assert response.status_code == 200
    assert titles(response) == {"Ouverte", "A venir", "Finie"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "open"}, {"Ouverte"}),
        ({"status": "upcoming"}, {"A venir"}),
        ({"status": "closed"}, {"Finie"}),
        ({"commune": "cenon"}, {"Ouverte", "A venir"}),
        ({"commune": "pessac", "status": "closed"}, {"Finie"}),
        ({"theme": "climat"}, {"Ouverte"}),
    ],
)
def test_list_filters(client, processes, query, expected):
    assert titles(client.get(reverse("processes:list"), query)) == expected


@pytest.mark.django_db
def test_invalid_filter_is_reported_not_a_crash(client, processes):
    response = client.get(reverse("processes:list"), {"commune": "atlantis", "page": "x"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


@pytest.mark.django_db
def test_detail_shows_timeline_and_hides_drafts(client, processes):
    response = client.get(processes["open"].get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dépôt" in body and "Phase en cours" in body and "proposer" in body
    assert client.get(processes["draft"].get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_draft_visible_to_its_manager(client, processes, make_staff):
    manager = make_staff(Role.PROCESS_MANAGER)
    client.force_login(manager)
    assert client.get(processes["draft"].get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_action_gate(processes, make_user):
    process = processes["open"]
    anonymous_user = type("Anonymous", (), {"is_authenticated": False})()
    assert action_decision(process, Action.SUBMIT, anonymous_user)
    assert not action_decision(process, Action.VOTE, anonymous_user)
    refused = action_decision(process, Action.SUBMIT, anonymous_user,
                              required_level=VerificationLevel.EMAIL)
    assert not refused and "Connectez-vous" in refused.reason
    person = make_user(verification_level=VerificationLevel.EMAIL)
    assert not action_decision(process, Action.SUBMIT, person,
                               required_level=VerificationLevel.IDENTITY)
    assert action_decision(process, Action.SUBMIT, person, required_level=VerificationLevel.EMAIL)
    assert not action_decision(processes["closed"], Action.VOTE, person)
    assert not action_decision(processes["draft"], Action.SUBMIT, person)


@pytest.mark.django_db
def test_a_refusal_says_when_the_action_opens_or_closed(make_user, make_process):
    person = make_user()
    march = timezone.make_aware(timezone.datetime(2027, 3, 3, 9, 0))
    process = make_process(title="Budget", phases=[
        ("Dépôt", march - 30 * DAY, march - 10 * DAY, ["submit"]),
        ("Vote", march, march + 20 * DAY + timedelta(minutes=30), ["vote"]),
    ])
    before = action_decision(process, Action.VOTE, person, at=march - DAY)
    assert not before and before.opens_at == march and before.closed_at is None
    assert before.reason == "Le vote ouvre le 3 mars à 9 h."
    assert action_decision(process, Action.VOTE, person, at=march)
    after = action_decision(process, Action.SUBMIT, person, at=march)
    assert after.closed_at == march - 10 * DAY
    assert after.reason == "Le dépôt des propositions a fermé le 21 février à 9 h."
    ended = action_decision(process, Action.VOTE, person, at=march + 30 * DAY)
    assert ended.reason == "Le vote a fermé le 23 mars à 9 h 30."
    never = action_decision(process, Action.COMMENT, person, at=march)
    assert never.reason == "Les commentaires ne sont pas ouverts dans cette démarche."
    assert never.opens_at is None and never.closed_at is None


@pytest.mark.django_db
def test_a_containers_own_dates_are_read_by_the_same_clock(make_user, make_process):
    person = make_user()
    now = timezone.make_aware(timezone.datetime(2027, 5, 10, 14, 0))
    process = make_process(title="Enquête",
                           phases=[("Enquête", now - 9 * DAY, now + 9 * DAY, ["answer"])])
    window = Window(opens_at=now + DAY, closes_at=now + 2 * DAY)
    early = action_decision(process, Action.ANSWER, person, at=now, window=window)
    assert early.opens_at == now + DAY
    assert early.reason == "La consultation ouvre le 11 mai à 14 h."
    assert action_decision(process, Action.ANSWER, person, at=now + DAY, window=window)
    late = action_decision(process, Action.ANSWER, person, at=now + 3 * DAY, window=window)
    assert late.closed_at == now + 2 * DAY
    # Outside any process, or when its own calendar alone dates the action (a call):
    assert action_decision(None, Action.ANSWER, person, at=now + DAY, window=window)
    assert action_decision(process, Action.APPLY, person, at=now + DAY, window=window,
                           phases=False)
    assert not action_decision(process, Action.APPLY, person, at=now + DAY, window=window)


@pytest.mark.django_db
def test_commune_manager_manages_only_processes_of_their_communes(processes, communes, make_staff):
    from parvis.processes.permissions import can_manage_process

    manager = make_staff(Role.PROCESS_MANAGER, commune=communes["cenon"])
    assert can_manage_process(manager, processes["upcoming"])
    assert not can_manage_process(manager, processes["closed"])
    assert not can_manage_process(manager, processes["open"])  # metropolis-wide


def add_processes(make_process, communes, count):
    theme, _ = Theme.objects.get_or_create(name="Mobilités", slug="mobilites")
    for _number in range(count):
        number = Process.objects.count()
        make_process(title=f"P{number}", phases=[("Phase", -1, 1, ["comment"])],
                     communes=[communes["bordeaux"], communes["cenon"]], theme=theme)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/", {}),
        ("/demarches/", {}),
        ("/demarches/", {"commune": "bordeaux", "status": "open", "theme": "mobilites"}),
        ("/api/v1/processes", {}),
        ("/api/v1/processes", {"commune": "cenon", "status": "open"}),
    ],
)
def test_query_count_does_not_grow_with_rows(communes, count_queries, make_process, url,
                                             params):
    add_processes(make_process, communes, 10)
    with_10 = count_queries(url, **params)
    add_processes(make_process, communes, 190)
    assert count_queries(url, **params) == with_10


@pytest.mark.django_db
def test_pages_stay_in_french_whatever_the_browser_language(client, processes):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "fr"
    starts_at = processes["upcoming"].phases.get().starts_at
    with translation.override("fr"):
        french_date = date_format(timezone.localtime(starts_at), "j F Y")
    assert french_date in response.content.decode()
