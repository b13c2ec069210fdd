"""Volunteers' personal data: "Mes données", account deletion, and anonymisation once the
retention period after the panel's end is over; the published pools stay re-runnable."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from parvis.core.privacy import processings
from parvis.core.services import personal_data
from parvis.core.services.accounts import delete_account
from parvis.panels import draws
from parvis.panels.models import Volunteer, VolunteerStatus


def test_a_person_downloads_their_applications_and_memberships(drawn_panel):
    member = drawn_panel.members.select_related("volunteer", "user").first()
    sections = personal_data.export(member.user)["sections"]
    (application,) = sections["panel_applications"]
    assert application["pool_id"] == member.volunteer.pool_id
    assert application["birth_date"] == member.volunteer.birth_date
    assert application["home_commune"] == member.volunteer.home_commune.name
    assert [item["panel"] for item in sections["panel_memberships"]] == [drawn_panel.title]


def test_deleting_an_account_before_the_draw_deletes_the_application(panel, make_volunteer):
    volunteer = make_volunteer(panel)
    kept = make_volunteer(panel)
    delete_account(volunteer.user)
    assert list(Volunteer.objects.all()) == [kept]


def test_deleting_a_members_account_keeps_the_published_profile_only(drawn_panel):
    member = drawn_panel.members.select_related("volunteer").first()
    not_drawn = drawn_panel.volunteers.filter(status=VolunteerStatus.NOT_SELECTED).first()
    profile, pool_id = member.volunteer.profile, member.volunteer.pool_id
    delete_account(member.user)
    delete_account(not_drawn.user)
    member.refresh_from_db()
    volunteer = member.volunteer
    volunteer.refresh_from_db()
    assert member.withdrawn_at and member.withdrawal_reason == "Compte supprimé"
    assert member.user is None and volunteer.user is None
    assert volunteer.birth_date is None and volunteer.home_commune is None
    assert volunteer.anonymised_at and (volunteer.pool_id, volunteer.profile) == (pool_id, profile)
    not_drawn.refresh_from_db()
    assert not_drawn.user is None and not_drawn.birth_date is None
    assert not_drawn.status == VolunteerStatus.WITHDRAWN
    assert draws.seats_to_fill(drawn_panel) == 1


def test_volunteers_are_anonymised_after_the_retention_period(drawn_panel, make_panel,
                                                              make_volunteer, settings):
    running = make_volunteer(make_panel())
    days = settings.RETENTION_DAYS["panel_volunteers"]
    drawn_panel.starts_on = timezone.localdate() - timedelta(days=days + 400)
    drawn_panel.ends_on = timezone.localdate() - timedelta(days=days + 2)
    drawn_panel.save()
    document = draws.draw_document(drawn_panel.draws.get())
    call_command("purge_expired", stdout=io.StringIO())
    assert not drawn_panel.volunteers.filter(anonymised_at=None).exists()
    assert not drawn_panel.volunteers.exclude(birth_date=None).exists()
    assert not drawn_panel.members.exclude(user=None).exists()
    running.refresh_from_db()
    assert running.anonymised_at is None and running.birth_date is not None
    assert draws.draw_document(drawn_panel.draws.get()) == document
    assert "Panels citoyens : volontaires et membres" in [str(p.name) for p in processings()]
