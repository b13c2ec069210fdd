"""The jury: composition, the elected-official gate, the jurors' space, declarations of
interests and scores."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.calls import jury
from parvis.calls.models import ApplicationStatus, ConflictOfInterest, Decision, Score
from parvis.core.models import AuditEntry, Role, RoleGrant
from parvis.notifications.models import Notification

DAY = timedelta(days=1)


def scores_data(call, value=4, comment="Solide."):
    data = {}
    for criterion in call.criteria.all():
        data[f"score_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = comment
    return data


def declare(client, call, application, conflict="no"):
    return client.post(reverse("calls:jury_interests", args=[call.slug, application.pk]),
                       {"conflict": conflict, "explanation": ""}, follow=True)


def score(client, call, application, **data):
    return client.post(reverse("calls:jury_scores", args=[call.slug, application.pk]),
                       scores_data(call, **data), follow=True)


# Composition -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_organiser_seats_a_juror_who_gets_the_role(client, call, organiser, make_user):
    person = make_user(email="elue@example.org", pseudonym="Elue")
    client.force_login(organiser)
    response = client.post(reverse("calls:jury_members", args=[call.slug]), {
        "email": "ELUE@example.org", "title": "Adjointe au numérique",
        "is_elected_official": "on"}, follow=True)
    assert "Elue rejoint le jury." in response.content.decode()
    juror = call.jury.get()
    assert juror.user == person and juror.is_elected_official
    assert juror.title == "Adjointe au numérique"
    assert RoleGrant.objects.filter(user=person, role=Role.JURY_MEMBER).exists()
    assert AuditEntry.objects.filter(action="role.granted", actor=organiser).exists()
    assert AuditEntry.objects.filter(action="calls.juror_assigned", target_id=str(call.pk),
                                     actor=organiser).exists()
    assert Notification.objects.filter(
        recipient=person, url=reverse("calls:jury", args=[call.slug])).exists()


@pytest.mark.django_db
def test_seating_an_unknown_or_seated_account_is_refused_on_the_field(client, call, organiser,
                                                                      make_juror):
    juror = make_juror(call)
    client.force_login(organiser)
    url = reverse("calls:jury_members", args=[call.slug])
    response = client.post(url, {"email": "personne@nulle-part.example"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Aucun compte actif n&#x27;a cette adresse e-mail" in page
    assert 'aria-describedby="id_email_helptext id_email_error"' in page
    response = client.post(url, {"email": juror.user.email})
    assert "Cette personne fait déjà partie du jury." in response.content.decode()
    assert call.jury.count() == 1


@pytest.mark.django_db
def test_only_organisers_compose_the_jury(client, call, make_juror, make_user):
    juror = make_juror(call, elected=True)
    url = reverse("calls:jury_members", args=[call.slug])
    client.force_login(juror.user)
    assert client.get(url).status_code == 403
    assert client.post(url, {"email": juror.user.email}).status_code == 403
    client.force_login(make_user())
    remove = reverse("calls:juror_remove", args=[call.slug, juror.pk])
    assert client.post(remove).status_code == 403
    assert call.jury.count() == 1


@pytest.mark.django_db
def test_a_juror_who_has_declared_stays_on_the_jury(client, judged_call, organiser, make_juror,
                                                   applicant, make_application):
    application = make_application(judged_call, applicant)
    make_juror(judged_call, elected=True)
    idle, busy = make_juror(judged_call), make_juror(judged_call)
    jury.declare_interests(busy, application, has_conflict=False)
    client.force_login(organiser)
    client.post(reverse("calls:juror_remove", args=[judged_call.slug, busy.pk]))
    response = client.post(reverse("calls:juror_remove", args=[judged_call.slug, idle.pk]),
                           follow=True)
    assert f"{idle.user} ne fait plus partie du jury." in response.content.decode()
    assert set(judged_call.jury.values_list("pk", flat=True)) >= {busy.pk}
    assert not judged_call.jury.filter(pk=idle.pk).exists()
    assert AuditEntry.objects.filter(action="calls.juror_removed").count() == 1


# The gate: deadline passed and an elected official --------------------------------------


@pytest.mark.django_db
def test_scoring_waits_for_an_elected_official(client, judged_call, organiser, make_juror,
                                               applicant, make_application):
    application = make_application(judged_call, applicant)
    technician = make_juror(judged_call, title="Technicien")
    client.force_login(technician.user)
    page = client.get(reverse("calls:jury", args=[judged_call.slug])).content.decode()
    assert "le jury doit compter au moins un·e élu·e" in page
    response = declare(client, judged_call, application)
    assert "le jury doit compter au moins un·e élu·e" in response.content.decode()
    assert not ConflictOfInterest.objects.exists()
    client.force_login(organiser)
    page = client.get(reverse("calls:jury_members", args=[judged_call.slug])).content.decode()
    assert "le jury doit compter au moins un·e élu·e" in page

    make_juror(judged_call, elected=True)
    client.force_login(technician.user)
    declare(client, judged_call, application)
    response = score(client, judged_call, application)
    assert "Vos notes sont enregistrées (7 critère(s) notés sur 7)" in response.content.decode()
    assert Score.objects.filter(juror=technician).count() == 7


@pytest.mark.django_db
def test_scoring_waits_for_the_deadline(client, call, make_juror, applicant, make_application):
    application = make_application(call, applicant)
    juror = make_juror(call, elected=True)
    client.force_login(juror.user)
    page = client.get(reverse("calls:jury", args=[call.slug])).content.decode()
    assert "Le jury ne peut pas noter avant la date limite de dépôt" in page
    with pytest.raises(jury.JuryError, match="avant la date limite"):
        jury.declare_interests(juror, application, has_conflict=False)
    assert jury.jury_gate(call, now=call.deadline)


# The jurors' space -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_jury_space_is_for_the_calls_jurors_only(client, judged_call, make_call, organiser,
                                                     make_juror, make_user, applicant,
                                                     make_application):
    application = make_application(judged_call, applicant)
    other_call_juror = make_juror(make_call(), elected=True)
    urls = [reverse("calls:jury", args=[judged_call.slug]),
            reverse("calls:jury_application", args=[judged_call.slug, application.pk])]
    for user in (organiser, other_call_juror.user, make_user(), applicant):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
        assert declare(client, judged_call, application).status_code == 403
    client.logout()
    assert client.get(urls[0]).status_code == 302  # to the login page


@pytest.mark.django_db
def test_jurors_read_submitted_and_admissible_applications_only(
        client, judged_call, make_juror, applicant, make_application):
    shown = [make_application(judged_call, applicant, organisation="Les Déposés"),
             make_application(judged_call, applicant, organisation="Les Recevables",
                              status=ApplicationStatus.ADMISSIBLE)]
    hidden = [make_application(judged_call, applicant, organisation="Le Brouillon",
                               status=ApplicationStatus.DRAFT),
              make_application(judged_call, applicant, organisation="L'Incomplète",
                               status=ApplicationStatus.INCOMPLETE)]
    juror = make_juror(judged_call, elected=True)
    client.force_login(juror.user)
    page = client.get(reverse("calls:jury", args=[judged_call.slug])).content.decode()
    assert "Les Déposés" in page and "Les Recevables" in page
    assert "Le Brouillon" not in page and "Incomplète" not in page
    for application in shown:
        response = client.get(reverse("calls:jury_application",
                                      args=[judged_call.slug, application.pk]))
        assert response.status_code == 200
        assert reverse("calls:application", args=[application.pk]) in response.content.decode()
        # the full file, served by the applications' pages, is readable by the jury
        assert client.get(reverse("calls:application", args=[application.pk])).status_code == 200
    for application in hidden:
        assert client.get(reverse("calls:jury_application",
                                  args=[judged_call.slug, application.pk])).status_code == 404


# Declarations and scores -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_juror_declares_then_scores_a_draft_they_may_change(client, judged_call, make_juror,
                                                              applicant, make_application):
    application = make_application(judged_call, applicant)
    juror = make_juror(judged_call, elected=True)
    client.force_login(juror.user)
    response = score(client, judged_call, application)
    assert "Déclarez d&#x27;abord vos éventuels liens d&#x27;intérêts" in (
        response.content.decode())
    assert not Score.objects.exists()

    declare(client, judged_call, application)
    criteria = list(judged_call.criteria.all())
    draft = {f"score_{criteria[0].pk}": 2, f"comment_{criteria[0].pk}": "À préciser."}
    client.post(reverse("calls:jury_scores", args=[judged_call.slug, application.pk]), draft)
    assert Score.objects.get(juror=juror).value == 2
    page = client.get(reverse("calls:jury", args=[judged_call.slug])).content.decode()
    assert "aucun conflit" in page and "1 sur 7" in page

    score(client, judged_call, application, value=5, comment="Très solide.")
    assert sorted(Score.objects.filter(juror=juror).values_list("value", flat=True)) == [5] * 7
    assert set(Score.objects.values_list("comment", flat=True)) == {"Très solide."}
    assert AuditEntry.objects.filter(action="calls.scores_saved", actor=juror.user).count() == 2


@pytest.mark.django_db
def test_a_score_out_of_the_scale_is_refused_on_its_field(client, judged_call, make_juror,
                                                          applicant, make_application):
    application = make_application(judged_call, applicant)
    juror = make_juror(judged_call, elected=True)
    jury.declare_interests(juror, application, has_conflict=False)
    client.force_login(juror.user)
    first = judged_call.criteria.first()
    data = scores_data(judged_call) | {f"score_{first.pk}": 6}
    response = client.post(reverse("calls:jury_scores", args=[judged_call.slug, application.pk]),
                           data)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_score_{first.pk}_error"' in page
    assert f'aria-describedby="id_score_{first.pk}_error"' in page
    assert not Score.objects.exists()
    with pytest.raises(jury.JuryError, match="de 0 à 5"):
        jury.save_scores(juror, application, {first.pk: (-1, "")})


@pytest.mark.django_db
def test_a_declared_conflict_blocks_scoring_and_leaves_the_aggregation(
        client, judged_call, make_juror, applicant, make_application):
    application = make_application(judged_call, applicant)
    elected = make_juror(judged_call, elected=True)
    conflicted = make_juror(judged_call)
    criteria = list(judged_call.criteria.all())
    for juror, value in ((elected, 4), (conflicted, 0)):
        jury.declare_interests(juror, application, has_conflict=False)
        jury.save_scores(juror, application, {c.pk: (value, "") for c in criteria})
    assert jury.deliberation(judged_call).rows[0].weighted_mean == 2

    client.force_login(conflicted.user)
    declare(client, judged_call, application, conflict="yes")
    assert not Score.objects.filter(juror=conflicted).exists()
    response = score(client, judged_call, application)
    assert "Vous avez déclaré un conflit d&#x27;intérêts" in response.content.decode()
    assert not Score.objects.filter(juror=conflicted).exists()

    row = jury.deliberation(judged_call).rows[0]
    assert row.weighted_mean == 4 and row.result.jurors == 1
    assert row.missing == []  # the conflicted juror owes nothing
    entry = AuditEntry.objects.get(action="calls.interests_declared", actor=conflicted.user,
                                   data__has_conflict=True)
    assert entry.data["scores_removed"] == 7


@pytest.mark.django_db
def test_scores_freeze_after_the_decision_day_and_once_decided(judged_call, make_juror,
                                                               applicant, make_application):
    first, second = (make_application(judged_call, applicant) for _ in range(2))
    juror = make_juror(judged_call, elected=True)
    criterion = judged_call.criteria.first()
    for application in (first, second):
        jury.declare_interests(juror, application, has_conflict=False)
    last_day = timezone.make_aware(
        timezone.datetime.combine(judged_call.decision_at, timezone.datetime.max.time()))
    assert jury.save_scores(juror, first, {criterion.pk: (3, "")}, now=last_day) == 1
    with pytest.raises(jury.JuryError, match="La notation est close"):
        jury.save_scores(juror, first, {criterion.pk: (4, "")}, now=last_day + DAY)
    Decision.objects.create(application=second, selected=False)
    second.refresh_from_db()
    with pytest.raises(jury.JuryError, match="les notes sont figées"):
        jury.save_scores(juror, second, {criterion.pk: (4, "")})
    assert Score.objects.get(application=first).value == 3


@pytest.mark.django_db
def test_a_juror_who_is_the_applications_contact_must_declare_a_conflict(
        client, judged_call, make_juror, make_application):
    juror = make_juror(judged_call, elected=True)
    application = make_application(judged_call, juror.user)
    client.force_login(juror.user)
    page = declare(client, judged_call, application).content.decode()
    assert "Vous êtes le contact de cette candidature" in page
    assert 'id="id_conflict_error"' in page
    assert not ConflictOfInterest.objects.exists()
    declare(client, judged_call, application, conflict="yes")
    assert ConflictOfInterest.objects.get().has_conflict
