from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from parvis.comments.models import Comment
from parvis.core.services import personal_data, retention
from parvis.moderation import services
from parvis.moderation.models import Flag

from .conftest import page_text

REPORT = reverse("moderation:report")


def hidden_comment(target, author, moderator):
    comment = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk,
        author=author, body="Hors charte.",
    )
    item = services.item_for(comment)
    services.hide(moderator, item, "Publicité")
    return comment


def rows(page: str) -> str:
    return " ".join(page.split())


def test_the_public_sees_hidden_counts_per_published_process(
        client, debate, author, make_process, moderator):
    metropolis = moderator()
    hidden_comment(debate, author, metropolis)
    hidden_comment(debate, author, metropolis)
    draft = make_process(slug="brouillon", published=False)
    quiet = make_process(slug="calme")
    page = rows(page_text(client.get(REPORT)))
    assert f"{debate.process.title}</a></td><td>2</td>" in page
    assert f"{quiet.title}</a></td><td>0</td>" in page
    assert draft.title not in page
    assert "Contributions masquées en tout : 2." in page
    assert "Publicité" not in page and author.pseudonym not in page


def test_a_restored_contribution_no_longer_counts(client, debate, author, moderator):
    metropolis = moderator()
    comment = hidden_comment(debate, author, metropolis)
    services.restore(metropolis, services.item_for(comment))
    page = rows(page_text(client.get(REPORT)))
    assert f"{debate.process.title}</a></td><td>0</td>" in page
    assert "Contributions masquées en tout : 0." in page


def test_the_report_page_makes_the_same_queries_for_more_processes(
        client, count_queries, make_process, debate, author, moderator):
    hidden_comment(debate, author, moderator())
    few = count_queries(REPORT)
    for number in range(6):
        make_process(slug=f"demarche-{number}")
    assert count_queries(REPORT) == few


def test_the_count_tag_for_one_process(debate, author, moderator):
    hidden_comment(debate, author, moderator())
    html = Template("{% load moderation %}{% moderated_count process %}").render(
        Context({"process": debate.process})
    )
    assert "Contributions masquées par la modération : 1." in html
    assert f'href="{REPORT}"' in html


def test_moderation_records_are_in_my_data_and_closed_flags_expire(
        debate, comment, make_user, moderator, settings):
    reporter = make_user(email_confirmed_at=timezone.now())
    services.accept_charter(reporter)
    services.flag(reporter, comment, "spam", "Lien publicitaire")
    data = personal_data.export(reporter)["sections"]["moderation"]
    assert data["charter_acceptances"][0]["version"] == "2026-1"
    assert data["flags"][0]["details"] == "Lien publicitaire"

    services.dismiss(moderator(), services.item_for(comment))
    later = timezone.now() + timedelta(days=settings.RETENTION_DAYS["moderation_flags"] + 1)
    assert retention.run(timezone.now())["moderation_flags"] == 0
    assert retention.run(later)["moderation_flags"] == 1
    assert not Flag.objects.exists()


@pytest.mark.django_db
def test_administrators_read_moderation_records_in_the_back_office(
        client, make_user, moderator, comment):
    services.flag(make_user(), comment, "spam")
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    for name in ("flag", "decision", "appeal", "charteracceptance"):
        assert client.get(reverse(f"admin:moderation_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:moderation_flag_add")).status_code == 403
    client.force_login(moderator())  # staff, not an administrator
    assert client.get(reverse("admin:moderation_flag_changelist")).status_code == 403


def test_the_process_page_shows_its_count(client, debate, author, moderator):
    hidden_comment(debate, author, moderator())
    page = page_text(client.get(debate.process.get_absolute_url()))
    assert "Contributions masquées par la modération : 1." in page


def test_moderators_find_the_queue_in_the_menu(client, make_user, moderator):
    link = f'href="{reverse("moderation:queue")}"'
    client.force_login(make_user())
    assert link not in page_text(client.get(reverse("home")))
    client.force_login(moderator("cenon"))
    assert link in page_text(client.get(reverse("home")))
