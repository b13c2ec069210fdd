"""Submission before the deadline only, to the minute, Europe/Paris time, on the server's
clock at the moment of the POST; a late submission is refused and the draft stays."""

from datetime import datetime, timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from parvis.calls import applications
from parvis.calls.applications import ApplicationError
from parvis.calls.models import Application, ApplicationStatus
from tests.calls.helpers import form_data

MINUTE = timedelta(minutes=1)
DEADLINE = datetime(2027, 3, 15, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))
LATE = "La date limite de dépôt était le 15 mars 2027 à 12 h 00 (heure de Paris)."


@pytest.fixture
def march_call(make_call):
    return make_call(launched_at=DEADLINE - timedelta(days=60), deadline=DEADLINE)


@pytest.fixture
def draft(march_call, applicant, make_application):
    return make_application(march_call, applicant, status=ApplicationStatus.DRAFT)


def test_one_minute_before_the_deadline_is_accepted(draft, applicant):
    submitted = applications.submit(draft, applicant, now=DEADLINE - MINUTE)
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.submitted_at == DEADLINE - MINUTE


@pytest.mark.parametrize("moment", [DEADLINE, DEADLINE + MINUTE])
def test_at_or_after_the_deadline_is_refused(draft, applicant, moment):
    with pytest.raises(ApplicationError) as refusal:
        applications.submit(draft, applicant, now=moment)
    assert refusal.value.message == LATE
    draft.refresh_from_db()
    assert (draft.status, draft.reference, draft.submitted_at) == (
        ApplicationStatus.DRAFT, None, None)


def test_the_deadline_is_shown_in_paris_time_in_winter_and_summer(make_call):
    summer = datetime(2027, 7, 1, 9, 30, tzinfo=ZoneInfo("UTC"))  # 11 h 30 in Paris
    call = make_call(launched_at=summer - timedelta(days=30), deadline=summer)
    assert applications.late_message(call) == (
        "La date limite de dépôt était le 1er juillet 2027 à 11 h 30 (heure de Paris).")
    assert "1er juillet 2027 à 11 h 30" in applications.paris_moment(call.deadline)


def test_the_call_page_shows_the_deadline_to_the_minute(client, march_call):
    with patch("django.utils.timezone.now", return_value=DEADLINE - timedelta(days=1)):
        content = client.get(march_call.get_absolute_url()).content.decode()
    assert "15 mars 2027 à 12 h 00" in content and "(heure de Paris)" in content
    assert "Déposer une candidature" in content


def test_a_late_post_is_refused_with_the_deadline_and_the_draft_stays(client, draft, applicant):
    edit = reverse("calls:application_edit", args=[draft.pk])
    with patch("django.utils.timezone.now", return_value=DEADLINE + MINUTE):
        client.force_login(applicant)  # sessions expire on the patched clock
        response = client.post(edit, form_data(action="submit", title="Titre retouché"),
                               follow=True)
    assert LATE in response.content.decode().replace("&#x27;", "'")
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT and draft.title == "Titre retouché"


def test_a_post_one_minute_before_the_deadline_submits(client, draft, applicant):
    edit = reverse("calls:application_edit", args=[draft.pk])
    with patch("django.utils.timezone.now", return_value=DEADLINE - MINUTE):
        client.force_login(applicant)
        client.post(edit, form_data(action="submit", expenses=[], resources=[]))
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED
    assert draft.submitted_at == DEADLINE - MINUTE


def test_no_new_application_after_the_deadline(client, march_call, applicant):
    with patch("django.utils.timezone.now", return_value=DEADLINE + MINUTE):
        client.force_login(applicant)
        response = client.get(reverse("calls:apply", args=[march_call.slug]))
        page = client.get(march_call.get_absolute_url()).content.decode()
    assert LATE in response.content.decode().replace("&#x27;", "'")
    assert "Candidatures closes" in page and "Déposer une candidature" not in page
    assert not Application.objects.exists()


def test_not_before_the_launch(client, make_call, applicant):
    call = make_call(launched_at=DEADLINE - timedelta(days=60), deadline=DEADLINE)
    with patch("django.utils.timezone.now", return_value=DEADLINE - timedelta(days=61)):
        client.force_login(applicant)
        response = client.post(reverse("calls:apply", args=[call.slug]), form_data())
    # the one clock says when: the launch, to the minute, in the year of the visit
    assert "Les candidatures ouvrent le 14 janvier à 12 h." in response.content.decode()
    assert not Application.objects.exists()
