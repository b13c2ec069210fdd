import html

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.comments.models import Debate
from parvis.processes.models import Action


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def start(client, process, title="Les tablettes", body="Comment les prenez-vous en main ?",
          **extra):
    return client.post(reverse("debates:new", args=[process.slug]),
                       {"title": title, "body": body, **extra})


@pytest.mark.django_db
def test_a_member_starts_a_debate_while_the_phase_opens_comments(client, member,
                                                                  make_process):
    process = make_process(actions=[Action.COMMENT])
    client.force_login(member(pseudonym="Claire"))
    response = start(client, process)
    debate = Debate.objects.get()
    assert response.status_code == 302 and response["Location"] == debate.get_absolute_url()
    assert (debate.process, debate.author.pseudonym) == (process, "Claire")
    listing = page_text(client.get(reverse("debates:list", args=[process.slug])))
    assert "Les tablettes" in listing and "Ouvert par Claire" in listing
    assert "Comment les prenez-vous en main ?" in page_text(client.get(response["Location"]))


@pytest.mark.django_db
def test_a_debate_title_is_one_line(client, member, make_process):
    process = make_process(actions=[Action.COMMENT])
    client.force_login(member())
    start(client, process, title="Les tablettes\n\r\u2029en classe")
    assert Debate.objects.get().title == "Les tablettes en classe"


@pytest.mark.django_db
def test_debates_are_closed_outside_a_comment_phase(client, member, make_process):
    process = make_process(actions=[Action.VOTE])
    client.force_login(member())
    listing = page_text(client.get(reverse("debates:list", args=[process.slug])))
    assert "Les commentaires ne sont pas ouverts dans cette démarche." in listing
    assert reverse("debates:new", args=[process.slug]) not in listing
    response = start(client, process)
    assert response.status_code == 200
    assert "Les commentaires ne sont pas ouverts dans cette démarche." in page_text(response)
    assert not Debate.objects.exists()


@pytest.mark.django_db
def test_starting_a_debate_needs_an_account_and_the_charter(client, make_user, make_process):
    process = make_process()
    response = start(client, process)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(make_user())
    response = start(client, process)
    assert "acceptez la charte de participation" in page_text(response)
    assert "Comment les prenez-vous en main ?" in page_text(response)
    assert not Debate.objects.exists()


@pytest.mark.django_db
def test_the_debate_form_has_a_honeypot(client, member, make_process):
    process = make_process()
    client.force_login(member())
    response = start(client, process, website="rempli")
    assert "n'a pas pu être publié" in page_text(response)
    assert not Debate.objects.exists()


@pytest.mark.django_db
def test_hidden_debates_leave_the_list_and_show_the_placeholder(client, debate):
    Debate.objects.filter(pk=debate.pk).update(hidden_at=timezone.now(), hidden_reason="spam")
    listing = page_text(client.get(reverse("debates:list", args=[debate.process.slug])))
    assert debate.title not in listing
    page = page_text(client.get(debate.get_absolute_url()))
    assert debate.title not in page and "masquée par la modération : spam" in page


@pytest.mark.django_db
def test_debates_of_unpublished_processes_are_not_found(client, debate):
    debate.process.is_published = False
    debate.process.save()
    assert client.get(reverse("debates:list", args=[debate.process.slug])).status_code == 404
    assert client.get(debate.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_debate_list_query_count_is_constant(member, debate, count_queries, add_comment):
    process = debate.process
    author = member()

    def add(count):
        for number in range(count):
            debate = Debate.objects.create(process=process, author=member(), title=f"D{number}",
                                           body="Texte")
            add_comment(author, target=debate)

    add(2)
    few = count_queries(reverse("debates:list", args=[process.slug]))
    add(15)
    many = count_queries(reverse("debates:list", args=[process.slug]))
    assert few == many
