"""Deliberation (ranking, spread, outliers, what is missing), decisions with their
notifications, publishing the laureates, and the jury report (PDF and CSV)."""

import csv
import io

import pypdf
import pytest
from django.urls import reverse

from parvis.calls import decisions, jury
from parvis.calls.models import ApplicationStatus
from parvis.core.models import AuditEntry
from parvis.notifications.models import Notification


def give(juror, application, *values, comment=""):
    """Declare no conflict and score the call's criteria in order (one value each, or one
    value for all)."""
    criteria = list(application.call.criteria.all())
    values = values * len(criteria) if len(values) == 1 else values
    jury.declare_interests(juror, application, has_conflict=False)
    jury.save_scores(juror, application,
                     {c.pk: (v, comment) for c, v in zip(criteria, values, strict=True)})


@pytest.fixture
def board(judged_call, make_juror, applicant, make_application):
    """Three jurors (one elected), three applications: "Fablab" first, "Ateliers" with an
    outlier, "Tiers-lieu" without any score."""
    jurors = [make_juror(judged_call, elected=True, title="Adjointe au numérique",
                         first_name="Aline", last_name="Élue"),
              make_juror(judged_call, title="Technicien", first_name="Bruno",
                         last_name="Technicien"),
              make_juror(judged_call, title="Technicienne", first_name="Chloé",
                         last_name="Experte")]
    fablab = make_application(judged_call, applicant, organisation="Fablab", title="Réparer",
                              reference="CD-0001")
    ateliers = make_application(judged_call, applicant, organisation="Ateliers",
                                title="Initier", reference="CD-0002")
    tiers_lieu = make_application(judged_call, applicant, organisation="Tiers-lieu",
                                  title="Accueillir", reference="CD-0003")
    for juror in jurors:
        give(juror, fablab, 5)
    give(jurors[0], ateliers, 4)
    give(jurors[1], ateliers, 4)
    give(jurors[2], ateliers, 0, 4, 4, 4, 4, 4, 4, comment="Pas convaincue.")
    return judged_call, jurors, (fablab, ateliers, tiers_lieu)


# Deliberation ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_deliberation_ranks_and_shows_spread_outliers_and_gaps(client, organiser, board):
    call, jurors, (fablab, ateliers, tiers_lieu) = board
    client.force_login(organiser)
    page = client.get(reverse("calls:deliberation", args=[call.slug])).content.decode()
    assert page.index("Fablab") < page.index("Ateliers") < page.index("Tiers-lieu")
    assert "5,00" in page
    # Ateliers: (3 × 8/3 + 10 × 4) / 13 = 48/13 (the weights add up to 13)
    assert "3,69" in page
    assert "Juré·e 3 : <strong>0 (atypique)</strong>" in page
    assert "1,89" in page  # the standard deviation of 4, 4, 0
    assert "non classée" in page and "notes manquantes" in page
    for number in (1, 2, 3):
        assert f"Juré·e {number} : déclaration d&#x27;intérêts à faire" in page
    assert "Pas convaincue." in page


@pytest.mark.django_db
def test_the_deliberation_is_for_organisers_only(client, board, make_user):
    call, jurors, _applications = board
    for user in (jurors[0].user, make_user()):
        client.force_login(user)
        for name in ("calls:deliberation", "calls:jury_report_pdf", "calls:jury_report_csv"):
            assert client.get(reverse(name, args=[call.slug])).status_code == 403
        assert client.post(reverse("calls:publish_laureates", args=[call.slug])).status_code \
            == 403


@pytest.mark.django_db
def test_the_deliberation_query_count_does_not_grow(client, organiser, board, make_juror,
                                                    applicant, make_application,
                                                    count_queries):
    call, jurors, _applications = board
    client.force_login(organiser)
    url = reverse("calls:deliberation", args=[call.slug])
    before = count_queries(url)
    jurors.append(make_juror(call, elected=True))
    for _ in range(3):
        application = make_application(call, applicant)
        for juror in jurors:
            give(juror, application, 3)
        decisions.record_decision(organiser, application, selected=False, amount=None)
    assert count_queries(url) == before


# Decisions -------------------------------------------------------------------------------


def decide(client, call, application, **data):
    return client.post(reverse("calls:decision", args=[call.slug, application.pk]),
                       data, follow=True)


@pytest.mark.django_db
def test_a_decision_is_recorded_audited_and_sent_to_the_applicant(client, organiser, board,
                                                                  applicant):
    call, _jurors, (fablab, ateliers, _tiers_lieu) = board
    client.force_login(organiser)
    response = decide(client, call, fablab, selected="yes", amount="60000",
                      in_kind="30 PC reconditionnés", motivation="Projet solide et chiffré.")
    assert "La décision sur « Réparer » est enregistrée" in response.content.decode()
    fablab.refresh_from_db()
    assert fablab.status == ApplicationStatus.SELECTED
    assert fablab.decision.amount == 60_000 and fablab.decision.decided_by == organiser
    message = Notification.objects.get(recipient=applicant, subject__contains="Décision sur")
    assert "Votre projet « Réparer » est retenu." in message.message
    assert "60\xa0000\xa0€" in message.message and "30 PC reconditionnés" in message.message
    assert "Projet solide et chiffré." in message.message
    assert AuditEntry.objects.filter(action="calls.decision_recorded", actor=organiser,
                                     target_id=str(fablab.pk), data__amount=60_000).exists()

    decide(client, call, ateliers, selected="no", amount="", motivation="Budget fragile.")
    ateliers.refresh_from_db()
    assert ateliers.status == ApplicationStatus.NOT_SELECTED
    assert ateliers.decision.amount is None
    decide(client, call, ateliers, selected="yes", amount="40000")
    changed = Notification.objects.get(recipient=applicant, subject__startswith="Décision modif")
    assert "« Initier » est retenu" in changed.message


@pytest.mark.django_db
def test_an_amount_outside_the_calls_range_is_refused_on_its_field(client, organiser, board):
    call, _jurors, (fablab, _ateliers, _tiers_lieu) = board
    client.force_login(organiser)
    for amount, message in (("90000", "ne peut pas dépasser l&#x27;aide maximale de l&#x27;appel"
                                      " (80\xa0000\xa0€)"),
                            ("1000", "ne peut pas être inférieur à l&#x27;aide minimale"),
                            ("", "Indiquez le montant accordé")):
        page = decide(client, call, fablab, selected="yes", amount=amount).content.decode()
        assert message in page
        assert 'aria-describedby="id_amount_helptext id_amount_error"' in page
    page = decide(client, call, fablab, selected="no", amount="5000").content.decode()
    assert "Une candidature non retenue ne reçoit pas d&#x27;aide" in page
    page = decide(client, call, fablab, amount="50000").content.decode()
    assert "Indiquez si la candidature est retenue." in page
    fablab.refresh_from_db()
    assert fablab.status == ApplicationStatus.SUBMITTED and not hasattr(fablab, "decision")
    assert not Notification.objects.filter(subject__contains="candidature à").exists()


@pytest.mark.django_db
def test_a_total_above_the_calls_maximum_is_flagged(client, organiser, board):
    call, _jurors, (fablab, ateliers, _tiers_lieu) = board
    client.force_login(organiser)
    url = reverse("calls:deliberation", args=[call.slug])
    decide(client, call, fablab, selected="yes", amount="50000")
    assert "dépasse l'aide maximale" not in client.get(url).content.decode()
    decide(client, call, ateliers, selected="yes", amount="40000")
    page = client.get(url).content.decode()
    assert "Total des aides accordées : 90\xa0000\xa0€." in page
    assert "le total accordé (90\xa0000\xa0€) dépasse l'aide maximale" in page


@pytest.mark.django_db
def test_publishing_needs_every_decision_then_freezes_them(client, organiser, board):
    call, _jurors, (fablab, ateliers, tiers_lieu) = board
    client.force_login(organiser)
    publish = reverse("calls:publish_laureates", args=[call.slug])
    decide(client, call, fablab, selected="yes", amount="60000")
    response = client.post(publish, follow=True)
    assert "sans décision : Ateliers, Tiers-lieu." in response.content.decode()
    call.refresh_from_db()
    assert call.laureates_published_at is None
    for application in (ateliers, tiers_lieu):
        decide(client, call, application, selected="no")
    response = client.post(publish, follow=True)
    assert response.redirect_chain[-1][0] == reverse("calls:laureates", args=[call.slug])
    call.refresh_from_db()
    assert call.laureates_published_at is not None
    assert AuditEntry.objects.filter(action="calls.laureates_published", actor=organiser,
                                     data__laureates=1).exists()
    page = decide(client, call, ateliers, selected="yes", amount="40000").content.decode()
    assert "Les lauréats sont publiés : les décisions ne changent plus." in page
    ateliers.refresh_from_db()
    assert ateliers.status == ApplicationStatus.NOT_SELECTED


@pytest.mark.django_db
def test_nothing_is_published_without_a_laureate(organiser, board):
    call, _jurors, applications = board
    for application in applications:
        decisions.record_decision(organiser, application, selected=False, amount=None)
    with pytest.raises(jury.JuryError, match="pas de lauréat"):
        decisions.publish_laureates(organiser, call)


# The jury report -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_pdf_report_is_the_official_record(client, organiser, board):
    call, _jurors, (fablab, ateliers, tiers_lieu) = board
    decisions.record_decision(organiser, fablab, selected=True, amount=60_000,
                              in_kind="30 PC", motivation="Solide.")
    client.force_login(organiser)
    response = client.get(reverse("calls:jury_report_pdf", args=[call.slug]))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in
                     pypdf.PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in ("Rapport du jury", "Aline Élue", "Adjointe au numérique", "Bruno Technicien",
                     "Efficacité et résultats", "Innovation", "CD-0001", "Fablab — Réparer",
                     "5.00", "3.69", "non classée", "retenue", "60 000 €", "30 PC", "Solide."):
        assert expected in text.replace("\xa0", " ").replace("\u202f", " "), expected
    assert AuditEntry.objects.filter(action="calls.jury_report_exported",
                                     data__format="pdf").exists()


@pytest.mark.django_db
def test_the_csv_report_gives_each_criterion_without_naming_jurors(client, organiser, board):
    call, jurors, (fablab, ateliers, tiers_lieu) = board
    ateliers.organisation = "+33 Ateliers =1+1"
    ateliers.save()
    client.force_login(organiser)
    response = client.get(reverse("calls:jury_report_csv", args=[call.slug]))
    assert response["Content-Disposition"].startswith("attachment;")
    content = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 3 * 7
    first = next(r for r in rows if r["dossier"] == "CD-0002" and r["poids"] == "3")
    assert first["critère"] == "Efficacité et résultats"
    assert first["moyenne"] == "2.67" and first["écart-type"] == "1.89"
    assert (first["note min"], first["note max"], first["juré·es"]) == ("0", "4", "3")
    assert first["notes atypiques"] == "1" and first["moyenne pondérée"] == "3.69"
    assert [first["Juré·e 1"], first["Juré·e 2"], first["Juré·e 3"]] == ["4", "4", "0"]
    assert {r["rang"] for r in rows if r["dossier"] == "CD-0003"} == {"non classée"}
    assert {r["structure"] for r in rows if r["dossier"] == ateliers.reference} == {
        "'+33 Ateliers =1+1"}  # read as text, not a formula
    for juror in jurors:
        for personal in (juror.user.first_name, juror.user.last_name, juror.user.email,
                         juror.user.pseudonym):
            assert personal not in content
