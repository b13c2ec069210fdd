import html
from datetime import timedelta

import pytest
from django.core import signing
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from parvis.core.services import personal_data, retention
from parvis.core.services.accounts import delete_account
from parvis.notifications.models import Frequency, Notification, NotificationPreference
from parvis.notifications.services import (
    UNSUBSCRIBE_SALT,
    notify,
    set_email_frequency,
    unsubscribe_token,
)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def reply_notice(recipient, actor=None, subject="Bruno a répondu à votre commentaire"):
    notify(recipient, kind="comment_reply", subject=subject, message="Plutôt d'accord.",
           url="/debats/pionniers/1/#commentaire-7", actor=actor)


@pytest.fixture
def notify_now(django_capture_on_commit_callbacks):
    """notify() whose immediate e-mails leave as the transaction commits."""

    def run(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            reply_notice(*args, **kwargs)

    return run


@pytest.mark.django_db
def test_immediate_email_with_unsubscribe_link_and_header(make_user, notify_now, mailoutbox,
                                                          settings):
    alice = make_user(email="alice@example.org")
    notify_now(alice)
    [mail] = mailoutbox
    assert mail.to == ["alice@example.org"]
    assert mail.subject == "Bruno a répondu à votre commentaire"
    assert f"{settings.SITE_URL}/debats/pionniers/1/#commentaire-7" in mail.body
    link = reverse("notifications:unsubscribe", args=[unsubscribe_token(alice)])
    assert link in mail.body
    assert link in mail.extra_headers["List-Unsubscribe"]
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get().emailed_at is not None


@pytest.mark.django_db
def test_nobody_is_notified_of_their_own_action_nor_closed_accounts(make_user, notify_now,
                                                                    mailoutbox):
    alice, inactive, deleted = make_user(), make_user(is_active=False), make_user()
    delete_account(deleted)
    notify_now(alice, actor=alice)
    notify_now(inactive)
    notify_now(deleted)
    assert not Notification.objects.exists() and mailoutbox == []


@pytest.mark.django_db
def test_daily_digest_groups_notifications_once(make_user, notify_now, mailoutbox):
    alice, bruno = make_user(email="alice@example.org"), make_user(email="bruno@example.org")
    set_email_frequency(alice, Frequency.DAILY)
    set_email_frequency(bruno, Frequency.DAILY)
    notify_now(alice, subject="Première réponse")
    notify_now(alice, subject="Deuxième réponse")
    assert mailoutbox == []  # nothing leaves before the digest

    call_command("send_digests")
    [mail] = mailoutbox
    assert mail.to == ["alice@example.org"]
    assert "Première réponse" in mail.body and "Deuxième réponse" in mail.body
    assert reverse("notifications:unsubscribe", args=[unsubscribe_token(alice)]) in mail.body
    assert "List-Unsubscribe" in mail.extra_headers

    call_command("send_digests")
    assert len(mailoutbox) == 1  # idempotent
    notify_now(alice, subject="Troisième réponse")
    call_command("send_digests")
    assert len(mailoutbox) == 2 and "Première" not in mailoutbox[1].body


@pytest.mark.django_db
def test_the_digest_leaves_out_what_came_before_choosing_it(make_user, notify_now,
                                                            mailoutbox):
    alice = make_user()
    set_email_frequency(alice, Frequency.NONE)
    notify_now(alice, subject="Pendant le silence")
    set_email_frequency(alice, Frequency.DAILY)
    call_command("send_digests")
    assert mailoutbox == []
    assert Notification.objects.get().read_at is None  # still listed in the site


@pytest.mark.django_db
def test_no_email_when_the_person_chose_none(make_user, notify_now, mailoutbox):
    alice = make_user()
    set_email_frequency(alice, Frequency.NONE)
    notify_now(alice)
    call_command("send_digests")
    assert mailoutbox == [] and Notification.objects.count() == 1


@pytest.mark.django_db
def test_the_list_shows_unread_first_and_marks_all_read(client, make_user):
    alice = make_user()
    reply_notice(alice, subject="Ancienne non lue")
    reply_notice(alice, subject="Déjà lue")
    Notification.objects.filter(subject="Déjà lue").update(read_at=timezone.now())
    reply_notice(make_user(), subject="Pour quelqu'un d'autre")
    assert client.get(reverse("notifications:list")).status_code == 302  # login required
    client.force_login(alice)
    page = page_text(client.get(reverse("notifications:list")))
    assert page.index("Ancienne non lue") < page.index("Déjà lue")
    assert "Pour quelqu'un d'autre" not in page
    assert "1 notification non lue." in page

    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=alice, read_at=None).exists()
    assert Notification.objects.filter(read_at=None).count() == 1


@pytest.mark.django_db
def test_the_list_is_paginated_with_constant_queries(client, make_user, count_queries):
    alice = make_user()
    client.force_login(alice)
    for number in range(3):
        reply_notice(alice, subject=f"N{number}")
    few = count_queries(reverse("notifications:list"))
    for number in range(40):
        reply_notice(alice, subject=f"M{number}")
    assert count_queries(reverse("notifications:list")) == few
    response = client.get(reverse("notifications:list"), {"page": 3})
    assert len(response.context["page_obj"]) == 3


@pytest.mark.django_db
def test_opening_a_notification_marks_it_read(client, make_user):
    alice = make_user()
    reply_notice(alice)
    notification = Notification.objects.get()
    client.force_login(make_user())
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    client.force_login(alice)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == "/debats/pionniers/1/#commentaire-7"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.django_db
def test_the_preference_form_on_the_list_page(client, make_user):
    alice = make_user()
    client.force_login(alice)
    response = client.post(reverse("notifications:preferences"), {"email_frequency": "daily"})
    assert response.status_code == 302
    assert alice.notification_preference.email_frequency == "daily"
    response = client.post(reverse("notifications:preferences"), {"email_frequency": "x"})
    assert "Sélectionnez un choix valide" in page_text(response)


@pytest.mark.django_db
def test_unsubscribing_needs_no_login_and_asks_to_confirm(client, make_user):
    alice = make_user()
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(alice)])
    response = client.get(url)
    assert response.status_code == 200 and "Ne plus recevoir d'e-mails" in page_text(response)
    assert not NotificationPreference.objects.exists()  # a GET (link preview) changes nothing
    response = client.post(url)
    assert "vous ne recevrez plus d'e-mails" in page_text(response)
    assert NotificationPreference.objects.get(user=alice).email_frequency == Frequency.NONE


@pytest.mark.django_db
def test_one_click_unsubscribe_from_the_mail_client(make_user):
    alice = make_user()
    mail_client = Client(enforce_csrf_checks=True)
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(alice)])
    response = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=alice).email_frequency == Frequency.NONE


@pytest.mark.django_db
def test_unsubscribe_links_cannot_be_forged(client, make_user):
    alice, bruno = make_user(), make_user()
    token = unsubscribe_token(alice)
    wrong_key = signing.Signer(key="pas-le-secret", salt=UNSUBSCRIBE_SALT).sign_object(
        {"user": bruno.pk})
    swapped = wrong_key.split(":", 1)[0] + ":" + token.split(":", 1)[1]
    for bad in [wrong_key, swapped, token[:-2] + "xx", "n-importe-quoi"]:
        response = client.post(reverse("notifications:unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "n'est pas valide" in page_text(response)
    assert not NotificationPreference.objects.exists()


@pytest.mark.django_db
def test_the_header_link_shows_the_unread_count(make_user):
    alice = make_user()
    reply_notice(alice)
    reply_notice(alice)
    request = RequestFactory().get("/")
    request.user = alice
    html_out = Template("{% load notifications %}{% notifications_link %}").render(
        Context({"request": request}))
    assert reverse("notifications:list") in html_out
    assert "2<span class=\"visually-hidden\"> non lues</span>" in html_out


@pytest.mark.django_db
def test_personal_data_and_account_deletion(make_user):
    alice = make_user()
    set_email_frequency(alice, Frequency.DAILY)
    reply_notice(alice)
    section = personal_data.export(alice)["sections"]["notifications"]
    assert section["email_frequency"] == "daily"
    assert section["notifications"][0]["subject"] == "Bruno a répondu à votre commentaire"
    delete_account(alice)
    assert not Notification.objects.exists() and not NotificationPreference.objects.exists()


@pytest.mark.django_db
def test_read_notifications_are_purged_after_the_retention_period(make_user, settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "notifications": 30}
    alice = make_user()
    reply_notice(alice, subject="Vieille lue")
    reply_notice(alice, subject="Vieille non lue")
    Notification.objects.filter(subject="Vieille lue").update(
        read_at=timezone.now() - timedelta(days=31))
    retention.run(timezone.now())
    assert list(Notification.objects.values_list("subject", flat=True)) == ["Vieille non lue"]
