"""Content reserved to a panel's members: the consultations, debates, events, idea boxes
and budgets of its members' space (`Panel.space_process`) and the consultations addressed
to the panel are open to its active members and organisers only, and never listed
publicly."""

import json
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from parvis.agenda.models import Event, EventDocument, Registration
from parvis.comments.models import Comment, Debate
from parvis.consultations.demo import build
from parvis.consultations.models import Audience, Consultation, Response
from parvis.ideas.models import Idea, IdeaBox, Status
from parvis.moderation.models import Flag
from parvis.moderation.services import accept_charter
from parvis.processes.models import Phase, Process
from tests.private_files import private_url, statuses

DAY = timedelta(days=1)


def make_consultation(slug, process=None, **fields):
    now = timezone.now()
    fields = {"opens_at": now - DAY, "closes_at": now + 10 * DAY, "is_published": True,
              "audience": Audience.SIGNED_IN, **fields}
    consultation = Consultation.objects.create(title=f"Consultation {slug}", slug=slug,
                                               process=process, **fields)
    build(consultation, [("Avis", [{"type": "yes_no", "label": "Utile ?", "required": True}])])
    return consultation


def answer_data(consultation) -> dict:
    question = consultation.sections.get().questions.get()
    return {f"q{question.pk}": "yes"}


@pytest.fixture
def reserved(space_panel):
    """One piece of each kind of content in the panel's space."""
    space = space_panel.space_process
    author = space_panel.members.first().user
    now = timezone.now()
    box = IdeaBox.objects.create(process=space, title="Nouveaux services numériques",
                                 slug="services-du-panel")
    return {
        "consultation": make_consultation("avis-reserve", process=space),
        "debate": Debate.objects.create(process=space, author=author, title="Débat réservé",
                                        body="Entre membres."),
        "event": Event.objects.create(
            title="Atelier réservé", slug="atelier-reserve", process=space, is_published=True,
            starts_at=now + 5 * DAY, ends_at=now + 5 * DAY + timedelta(hours=2),
            registration_required=True, place_name="Maison du projet"),
        "box": box,
        "idea": Idea.objects.create(box=box, author=author, title="Idée réservée",
                                    body="Entre membres.", status=Status.RECEIVED,
                                    published_at=now),
    }


@pytest.fixture
def member(space_panel):
    return space_panel.members.select_related("user").first().user


@pytest.fixture
def outsider(make_user):
    user = make_user(pseudonym="Curieuse")
    user.date_joined = timezone.now() - 90 * DAY
    user.save(update_fields=["date_joined"])
    accept_charter(user)
    return user


def pages(items) -> dict[str, str]:
    space = items["debate"].process
    return {
        "process": space.get_absolute_url(),
        "consultation": items["consultation"].get_absolute_url(),
        "debates": reverse("debates:list", args=[space.slug]),
        "debate": items["debate"].get_absolute_url(),
        "event": items["event"].get_absolute_url(),
        "event_ics": reverse("agenda:ics", args=[items["event"].slug]),
        "registration": reverse("agenda:register", args=[items["event"].slug]),
        "box": items["box"].get_absolute_url(),
        "propose": reverse("ideas:propose", args=[items["box"].slug]),
        "idea": items["idea"].get_absolute_url(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "outsider", "withdrawn"])
def test_reserved_pages_are_not_found_for_others(client, reserved, outsider, space_panel, who):
    if who == "outsider":
        client.force_login(outsider)
    elif who == "withdrawn":  # not the author of the idea, who always sees it
        member = space_panel.members.select_related("user")[1]
        member.withdrawn_at = timezone.now()
        member.save()
        client.force_login(member.user)
    results = reverse("consultations:results", args=[reserved["consultation"].slug])
    for name, url in [*pages(reserved).items(), ("results", results)]:
        assert client.get(url).status_code == 404, name


@pytest.mark.django_db
def test_members_and_organisers_open_every_reserved_page(client, reserved, member, organiser):
    for user in (member, organiser):
        client.force_login(user)
        for name, url in pages(reserved).items():
            assert client.get(url).status_code == 200, (user, name)


@pytest.mark.django_db
def test_reserved_content_is_never_listed_publicly(client, reserved, member):
    client.force_login(member)  # even for a member, the public lists stay public
    space = reserved["debate"].process
    listings = [reverse("home"), reverse("processes:list"), reverse("consultations:list"),
                reverse("agenda:list"), reverse("agenda:month_current"),
                reverse("agenda:feed"), reverse("ideas:list"), reverse("ideas:boxes")]
    client.logout()
    for url in listings:
        page = client.get(url).content.decode()
        for item in reserved.values():
            assert item.title not in page, (url, item)
        assert space.title not in page, url
    assert client.get(reverse("agenda:process_feed", args=[space.slug])).status_code == 404


@pytest.mark.django_db
def test_reserved_content_is_never_in_the_public_api(client, reserved):
    space = reserved["debate"].process
    listings = ["/api/v1/processes", "/api/v1/consultations", "/api/v1/events",
                "/api/v1/ideas", "/api/v1/idea-boxes"]
    titles = [space.title, *(item.title for item in reserved.values())]
    for url in listings:
        body = json.dumps(client.get(url).json(), ensure_ascii=False)
        assert not [title for title in titles if title in body], url
    details = [f"/api/v1/processes/{space.slug}",
               f"/api/v1/consultations/{reserved['consultation'].slug}",
               f"/api/v1/events/{reserved['event'].slug}",
               f"/api/v1/ideas/{reserved['idea'].pk}",
               f"/api/v1/processes/{space.slug}/debates",
               f"/api/v1/debates/{reserved['debate'].pk}",
               f"/api/v1/comments?target_type=comments.debate&target_id={reserved['debate'].pk}",
               f"/api/v1/comments?target_type=ideas.idea&target_id={reserved['idea'].pk}"]
    for url in details:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"], url


@pytest.mark.django_db
def test_a_member_answers_comments_registers_and_proposes(client, reserved, member):
    client.force_login(member)
    consultation, debate, event = reserved["consultation"], reserved["debate"], reserved["event"]
    client.post(consultation.get_absolute_url(), answer_data(consultation))
    assert Response.objects.filter(consultation=consultation, respondent=member).exists()
    client.post(reverse("comments:post"), {
        "content_type": ContentType.objects.get_for_model(Debate).pk, "object_id": debate.pk,
        "body": "Je participe.", "website": ""})
    assert Comment.objects.filter(author=member, object_id=debate.pk).exists()
    client.post(reverse("debates:new", args=[debate.process.slug]),
                {"title": "Un autre sujet", "body": "Parlons-en.", "website": ""})
    assert Debate.objects.filter(author=member, title="Un autre sujet").exists()
    client.post(reverse("agenda:register", args=[event.slug]),
                {"name": "Membre", "email": member.email, "seats": 1})
    assert Registration.objects.filter(event=event, user=member).exists()
    client.post(reverse("ideas:propose", args=[reserved["box"].slug]),
                {"title": "Un service de covoiturage", "body": "Entre voisins.", "website": ""})
    assert Idea.objects.filter(box=reserved["box"], title="Un service de covoiturage",
                               author=member).exists()


@pytest.mark.django_db
def test_reserved_content_cannot_be_read_or_flagged_through_the_flag_form(
    client, reserved, member, outsider, organiser
):
    debate, idea = reserved["debate"], reserved["idea"]
    comment = Comment.objects.create(content_type=ContentType.objects.get_for_model(debate),
                                     object_id=debate.pk, author=member, body="Entre nous.")
    urls = [reverse("moderation:flag", args=[ContentType.objects.get_for_model(item).pk,
                                             item.pk]) for item in (debate, idea, comment)]
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "spam", "details": ""}).status_code == 404, url
    assert not Flag.objects.exists()
    client.force_login(organiser)
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_someone_else_cannot_contribute(client, reserved, outsider):
    client.force_login(outsider)
    debate = reserved["debate"]
    response = client.post(reverse("comments:post"), {
        "content_type": ContentType.objects.get_for_model(Debate).pk, "object_id": debate.pk,
        "body": "Je m'invite.", "website": ""})
    assert response.status_code == 404
    consultation = reserved["consultation"]
    assert client.post(consultation.get_absolute_url(),
                       answer_data(consultation)).status_code == 404
    assert not Comment.objects.exists() and not Response.objects.exists()


@pytest.mark.django_db
def test_a_panel_consultation_is_answered_by_the_panels_active_members_only(
        client, space_panel, outsider):
    public = Process.objects.create(title="Démarche publique", slug="publique", summary="R",
                                    description="D", is_published=True)
    Phase.objects.create(process=public, title="Phase", starts_at=timezone.now() - DAY,
                         ends_at=timezone.now() + DAY, actions=["answer"])
    consultation = make_consultation("avis-du-panel", process=public, audience=Audience.PANEL,
                                     panel=space_panel)
    client.force_login(outsider)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert f"réservée aux membres du panel « {space_panel.title} »" in page
    client.post(consultation.get_absolute_url(), answer_data(consultation))
    first, second = space_panel.members.select_related("user")[:2]
    second.withdrawn_at = timezone.now()
    second.save()
    for member in (first, second):
        client.force_login(member.user)
        client.post(consultation.get_absolute_url(), answer_data(consultation))
    assert list(Response.objects.values_list("respondent", flat=True)) == [first.user_id]


@pytest.mark.django_db
def test_a_panel_consultation_needs_its_panel(space_panel):
    from django.core.exceptions import ValidationError

    consultation = Consultation(title="Sans panel", slug="sans-panel", audience=Audience.PANEL,
                                opens_at=timezone.now(), closes_at=timezone.now() + DAY)
    with pytest.raises(ValidationError) as error:
        consultation.full_clean()
    assert "Choisissez le panel" in str(error.value)
    consultation.panel = space_panel
    consultation.full_clean()


@pytest.mark.django_db
def test_a_members_event_document_is_served_to_members_and_organisers_only(
        client, reserved, member, outsider, organiser):
    document = EventDocument.objects.create(
        event=reserved["event"], title="Ordre du jour",
        file=ContentFile(b"%PDF-1.7\n", name="ordre-du-jour-atelier-reserve.pdf"))
    assert "ordre-du-jour" not in document.file.name
    url = private_url("agenda.document", document)
    client.force_login(member)
    assert url in client.get(reserved["event"].get_absolute_url()).content.decode()
    for user in (None, outsider):
        assert statuses(client, user, document.file, url) == (404, 404), user
    for user in (member, organiser):
        assert statuses(client, user, document.file, url) == (404, 200), user


@pytest.mark.django_db
def test_a_budget_of_the_space_is_voted_by_its_active_members_only(client, space_panel,
                                                                      outsider):
    from parvis.budgets import pending, voting
    from parvis.budgets.models import Ballot, Budget, Project, ProjectStatus, SubBudget
    from parvis.core.models import VerificationLevel

    space = space_panel.space_process
    Phase.objects.create(process=space, title="Vote", starts_at=timezone.now() - DAY,
                         ends_at=timezone.now() + DAY, actions=["vote"])
    budget = Budget.objects.create(process=space, title="Budget du panel", slug="budget-panel",
                                   amount=10_000, residents_only=False,
                                   vote_level=VerificationLevel.NONE)
    envelope = SubBudget.objects.create(budget=budget, name="Panel", amount=10_000)
    project = Project.objects.create(budget=budget, sub_budget=envelope, title="Un atelier",
                                     description="Pour les membres.", estimated_cost=5_000,
                                     cost=5_000, status=ProjectStatus.ELIGIBLE)
    ballot_url = reverse("budgets:vote", args=[budget.slug])
    confirm_url = reverse("budgets:vote_confirm", args=[budget.slug])
    receipt_url = reverse("budgets:vote_receipt", args=[budget.slug])
    active, withdrawn = (member.user for member in space_panel.members.select_related("user")[:2])
    space_panel.members.filter(user=withdrawn).update(withdrawn_at=timezone.now())
    for other in (outsider, withdrawn):
        client.force_login(other)
        token = pending.sign(budget, other, {project.pk: 1})
        assert client.get(ballot_url).status_code == 404
        assert client.post(confirm_url, {pending.FIELD: token}).status_code == 404
        assert client.get(receipt_url).status_code == 404
        with pytest.raises(voting.VoteRefused, match="réservée aux membres d'un panel"):
            voting.cast_ballot(budget, other, {project.pk: 1})
    assert not Ballot.objects.exists()
    client.force_login(active)
    assert 'name="projets"' in client.get(ballot_url).content.decode()
    assert client.post(ballot_url, {"projets": [project.pk]}).url == confirm_url
    assert client.post(confirm_url).url == receipt_url
    assert list(Ballot.objects.values_list("voter", flat=True)) == [active.pk]
    assert client.get(receipt_url).status_code == 200
