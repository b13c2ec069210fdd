"""Links between the budgets, panels, calls for projects and lending pages: each link shows
for the people it is meant for, and only for them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.budgets.models import Budget
from parvis.calls.jury import assign_juror
from parvis.calls.models import Call
from parvis.core.models import Role, VerificationLevel
from parvis.panels.models import Draw, Member, Panel, PanelStatus, Volunteer, VolunteerStatus
from parvis.processes.models import Action, Phase, Process

DAY = timedelta(days=1)


@pytest.fixture
def process(db):
    """A published process whose current phase opens the vote."""
    now = timezone.now()
    process = Process.objects.create(title="Pionniers", slug="pionniers", summary="Résumé",
                                     description="Description", is_published=True)
    Phase.objects.create(process=process, title="Vote", starts_at=now - DAY, ends_at=now + DAY,
                         actions=[str(Action.VOTE)])
    return process


@pytest.fixture
def budget(process):
    return Budget.objects.create(process=process, title="Budget 2027", slug="budget-2027",
                                 amount=100_000, desk_voting=True, vote_level=20)


def make_panel(process, slug, status):
    today = timezone.localdate()
    return Panel.objects.create(
        process=process, title=f"Panel {slug}", slug=slug, purpose="Objet", size=4,
        starts_on=today, ends_on=today + 365 * DAY, status=status,
        recruitment_closes_at=timezone.now() - DAY, consent_text="J'accepte.",
    )


@pytest.fixture
def panel(process):
    return make_panel(process, "panel-actif", PanelStatus.ACTIVE)


def make_call(process, slug, is_published):
    now = timezone.now()
    return Call.objects.create(
        process=process, title=f"Appel {slug}", slug=slug, description="Appel",
        eligibility="Associations", launched_at=now - 10 * DAY, deadline=now - DAY,
        jury_at=(now + DAY).date(), decision_at=(now + 2 * DAY).date(),
        start_at=(now + 3 * DAY).date(), evaluation_at=(now + 300 * DAY).date(),
        is_published=is_published,
    )


@pytest.fixture
def call(process):
    return make_call(process, "clic-et-declic", is_published=True)


@pytest.fixture
def citizen(make_user):
    return make_user(verification_level=VerificationLevel.EMAIL)


@pytest.fixture
def organiser(make_staff):
    return make_staff(Role.PROCESS_MANAGER)


@pytest.fixture
def helper(make_staff):
    return make_staff(Role.HELPER)


def volunteer(panel, user, status=VolunteerStatus.ELIGIBLE):
    return Volunteer.objects.create(panel=panel, user=user, pool_id=f"V{user.pk:05d}",
                                    status=status, consent_version="1")


@pytest.fixture
def member(panel, citizen):
    draw = Draw.objects.create(panel=panel, size=panel.size, algorithm="maximin", seed="graine",
                               performed_at=timezone.now())
    Member.objects.create(panel=panel, user=citizen, draw=draw,
                          volunteer=volunteer(panel, citizen, VolunteerStatus.SELECTED))
    return citizen


@pytest.fixture
def juror(call, make_user):
    return assign_juror(None, call, make_user(), is_elected_official=True).user


def person(request, who):
    """The account a parametrised test reads as (a fixture's name), None when anonymous."""
    return None if who == "anonymous" else request.getfixturevalue(who)


def page(client, user, url):
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def link(url):
    return f'href="{url}"'


def test_process_lists_its_budgets_panels_and_published_calls(client, process, budget, panel,
                                                                 call):
    draft_panel = make_panel(process, "panel-brouillon", PanelStatus.DRAFT)
    draft_call = make_call(process, "appel-brouillon", is_published=False)

    html = page(client, None, process.get_absolute_url())

    for shown in (budget, panel, call):
        assert link(shown.get_absolute_url()) in html
    for hidden in (draft_panel, draft_call):
        assert link(hidden.get_absolute_url()) not in html


def test_process_page_queries_do_not_grow_with_tools(process, count_queries):
    before = count_queries(process.get_absolute_url())
    for number in range(3):
        Budget.objects.create(process=process, title=f"B{number}", slug=f"b{number}",
                              amount=1000)
        make_panel(process, f"p{number}", PanelStatus.RECRUITING)
        make_call(process, f"c{number}", is_published=True)
    assert count_queries(process.get_absolute_url()) == before


@pytest.mark.parametrize("who, shown", [
    ("organiser", True), ("citizen", False), ("helper", False), ("anonymous", False),
])
def test_results_preview_link_for_managers_before_publication(client, request, budget, who,
                                                              shown):
    user = person(request, who)
    html = page(client, user, budget.get_absolute_url())
    assert ("Prévisualiser et publier les résultats" in html) is shown
    assert (link(reverse("budgets:results", args=[budget.slug])) in html) is shown


def test_no_preview_link_once_results_are_published(client, budget, organiser):
    Budget.objects.filter(pk=budget.pk).update(results_published_at=timezone.now())
    html = page(client, organiser, budget.get_absolute_url())
    assert "Prévisualiser et publier les résultats" not in html
    assert link(reverse("budgets:results", args=[budget.slug])) in html  # the public link


@pytest.mark.parametrize("who, shown", [
    ("helper", True), ("organiser", False), ("citizen", False), ("anonymous", False),
])
def test_desk_link_for_help_desk_people_while_the_vote_is_open(client, request, budget, who,
                                                               shown):
    user = person(request, who)
    html = page(client, user, budget.get_absolute_url())
    assert (link(reverse("budgets:desk", args=[budget.slug])) in html) is shown


def test_no_desk_link_when_the_vote_is_closed(client, budget, helper):
    budget.process.phases.update(actions=[str(Action.SUBMIT)])
    html = page(client, helper, budget.get_absolute_url())
    assert link(reverse("budgets:desk", args=[budget.slug])) not in html


@pytest.mark.parametrize("who, jury, organising", [
    ("juror", True, False), ("organiser", False, True), ("citizen", False, False),
    ("anonymous", False, False),
])
def test_call_links_for_jurors_and_organisers(client, request, call, who, jury, organising):
    user = person(request, who)
    html = page(client, user, call.get_absolute_url())
    assert (link(reverse("calls:jury", args=[call.slug])) in html) is jury
    for name in ("calls:jury_members", "calls:deliberation"):
        assert (link(reverse(name, args=[call.slug])) in html) is organising


def test_juror_of_another_call_gets_no_jury_link(client, process, call, make_user):
    other = make_call(process, "autre-appel", is_published=True)
    juror = assign_juror(None, other, make_user(), is_elected_official=False).user
    html = page(client, juror, call.get_absolute_url())
    assert link(reverse("calls:jury", args=[call.slug])) not in html


@pytest.mark.parametrize("who, space, organising", [
    ("member", True, False), ("organiser", False, True), ("citizen", False, False),
    ("anonymous", False, False),
])
def test_panel_links_for_members_and_organisers(client, request, panel, who, space,
                                                organising):
    user = person(request, who)
    html = page(client, user, panel.get_absolute_url())
    assert (link(reverse("panels:space", args=[panel.slug])) in html) is space
    for url in (reverse("panels:dashboard", args=[panel.slug]),
                reverse("panels:draws", args=[panel.slug]), reverse("lending:inventory")):
        assert (link(url) in html) is organising


def test_withdrawn_member_gets_no_space_link(client, panel, member):
    Member.objects.filter(user=member).update(withdrawn_at=timezone.now())
    html = page(client, member, panel.get_absolute_url())
    assert link(reverse("panels:space", args=[panel.slug])) not in html


def test_members_space_links_to_my_loans_for_members_only(client, panel, member, organiser):
    url = reverse("panels:space", args=[panel.slug])
    assert link(reverse("lending:my_loans")) in page(client, member, url)
    assert link(reverse("lending:my_loans")) not in page(client, organiser, url)


def test_account_page_links_to_applications_loans_and_panel_application(client, panel,
                                                                        citizen, make_user):
    volunteer(panel, citizen)
    application_url = reverse("panels:application", args=[panel.slug])

    html = page(client, citizen, reverse("accounts:profile"))
    assert link(reverse("calls:mine")) in html
    assert link(reverse("lending:my_loans")) in html
    assert link(application_url) in html
    assert "éligible" in html

    other = page(client, make_user(), reverse("accounts:profile"))
    assert link(reverse("lending:my_loans")) in other
    assert link(application_url) not in other


def test_linked_personal_pages_handle_people_with_nothing(client, citizen):
    client.force_login(citizen)
    for name in ("calls:mine", "lending:my_loans"):
        assert client.get(reverse(name)).status_code == 200
