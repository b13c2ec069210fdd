"""The member's side ("Mes prêts"): the convention to accept, its PDF copy, and the
convention templates' validation."""

import io
import re

import pypdf
import pytest
from django.urls import reverse

from parvis.core.models import AuditEntry
from parvis.lending import conventions, services
from parvis.lending.models import ConventionAcceptance, ConventionTemplate, Loan
from tests.lending.helpers import BODY, accept
from tests.private_files import statuses


def convention_url(acceptance) -> str:
    return reverse("private_file", args=["lending.convention", acceptance.pk])


def pdf_text(response) -> str:
    reader = pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def shown_hash(response) -> str:
    return re.search(r'name="pret-\d+-text_hash" value="([0-9a-f]{64})"',
                     response.content.decode()).group(1)


def test_my_loans_needs_an_account(client):
    response = client.get(reverse("lending:my_loans"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_the_member_reads_the_convention_filled_in_for_their_loan(client, loan, template):
    client.force_login(loan.member.user)
    content = client.get(reverse("lending:my_loans")).content.decode()
    for value in ["Dominique Lambert (Pionnier33)", loan.device.serial_number,
                  "chargeur, housse", loan.panel.title,
                  loan.planned_end_on.strftime("%d/%m/%Y")]:
        assert value in content
    assert "J&#x27;ai lu la convention de prêt et je l&#x27;accepte" in content


def test_accepting_without_the_checkbox_is_refused_in_french(client, loan, template):
    client.force_login(loan.member.user)
    page = client.get(reverse("lending:my_loans"))
    response = client.post(reverse("lending:accept_convention", args=[loan.pk]),
                           {f"pret-{loan.pk}-text_hash": shown_hash(page)})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Cochez la case pour accepter la convention" in content
    assert f'aria-describedby="id_pret-{loan.pk}-accept_error"' in content
    assert not ConventionAcceptance.objects.exists()


def test_the_member_accepts_and_who_when_version_and_hash_are_recorded(client, loan,
                                                                       template):
    user = loan.member.user
    client.force_login(user)
    digest = shown_hash(client.get(reverse("lending:my_loans")))
    response = client.post(reverse("lending:accept_convention", args=[loan.pk]),
                           {f"pret-{loan.pk}-accept": "on", f"pret-{loan.pk}-text_hash": digest})
    assert response.status_code == 302
    acceptance = ConventionAcceptance.objects.get(loan=loan)
    assert (acceptance.method, acceptance.accepted_by, acceptance.version) == (
        "online", user, "2026-1")
    assert acceptance.text_hash == digest == conventions.fingerprint(acceptance.text)
    assert "Dominique Lambert" in acceptance.text
    assert AuditEntry.objects.filter(action="lending.convention_accepted",
                                     data__text_hash=digest).exists()
    content = client.get(reverse("lending:my_loans")).content.decode()
    assert convention_url(acceptance) in content
    assert f"pret-{loan.pk}-accept" not in content


def test_a_convention_changed_since_it_was_shown_is_not_accepted(client, loan, template):
    client.force_login(loan.member.user)
    digest = shown_hash(client.get(reverse("lending:my_loans")))
    ConventionTemplate.objects.create(title="Convention", version="2026-2",
                                      body=BODY + "\n\nArticle ajouté.")
    response = client.post(reverse("lending:accept_convention", args=[loan.pk]),
                           {f"pret-{loan.pk}-accept": "on", f"pret-{loan.pk}-text_hash": digest},
                           follow=True)
    assert "La convention a changé depuis que vous l&#x27;avez ouverte" in (
        response.content.decode())
    assert not ConventionAcceptance.objects.exists()


def test_without_a_template_the_member_is_told_to_wait(client, loan):
    client.force_login(loan.member.user)
    content = client.get(reverse("lending:my_loans")).content.decode()
    assert "La convention de prêt n'est pas encore prête" in content


def test_someone_else_cannot_accept_the_members_convention(client, make_user, loan,
                                                           template):
    client.force_login(make_user())
    response = client.post(reverse("lending:accept_convention", args=[loan.pk]),
                           {f"pret-{loan.pk}-accept": "on", f"pret-{loan.pk}-text_hash": "x"})
    assert response.status_code == 404
    assert not ConventionAcceptance.objects.exists()
    assert "Galaxy" not in client.get(reverse("lending:my_loans")).content.decode()


def test_the_pdf_copy_holds_the_text_and_the_acceptance(client, loan, template):
    acceptance = accept(loan, template)
    assert acceptance.pdf.name.startswith("lending/conventions/")
    client.force_login(loan.member.user)
    response = client.get(convention_url(acceptance))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="convention-pret-{loan.pk}.pdf"')
    text = pdf_text(response)
    for expected in ["Convention de prêt", "Dominique Lambert", loan.device.serial_number,
                     "acceptée en ligne", "2026-1"]:
        assert expected in text
    assert acceptance.text_hash in re.sub(r"\s", "", text)


def test_organisers_download_any_pdf_others_cannot(client, loan, template, organiser,
                                                   other_organiser, make_user):
    url = convention_url(accept(loan, template))
    client.force_login(organiser)
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(action="lending.convention_downloaded",
                                     actor=organiser).exists()
    for person in [other_organiser, make_user()]:
        client.force_login(person)
        assert client.get(url).status_code == 404


def test_a_signed_convention_is_served_to_the_member_and_organisers_only(
        client, loan, template, organiser, make_member, make_user):
    acceptance = accept(loan, template)
    url = convention_url(acceptance)
    other_member = make_member(loan.panel).user
    for user in (None, make_user(), other_member):
        assert statuses(client, user, acceptance.pdf, url) == (404, 404), user
    for user in (loan.member.user, organiser):
        assert statuses(client, user, acceptance.pdf, url) == (404, 200), user


def test_the_pdf_is_made_again_if_the_stored_file_is_missing(client, loan, template):
    acceptance = accept(loan, template)
    acceptance.pdf.storage.delete(acceptance.pdf.name)
    client.force_login(loan.member.user)
    response = client.get(convention_url(acceptance))
    assert "Dominique Lambert" in pdf_text(response)
    acceptance.refresh_from_db()
    assert acceptance.pdf.storage.exists(acceptance.pdf.name)  # stored again


def test_a_member_without_account_gets_a_paper_convention(make_member, panel, device,
                                                          organiser, template):
    member = make_member(panel, user=None)
    loan = services.prepare_loan(device, member, organiser,
                                 starts_on=panel.starts_on)
    text = services.render_convention(loan, template)
    assert f"membre {member.volunteer.pool_id}" in text
    acceptance = services.record_paper_convention(loan, organiser, signed_on=panel.starts_on)
    assert acceptance.method == "paper" and acceptance.accepted_by is None
    assert services.hand_over(loan, organiser).status == "handed_over"


@pytest.mark.parametrize("body, message", [
    ("Prêt à {member} de {tablette}", "Variable inconnue : {tablette}."),
    ("Adresse : {member.email}", "Variable inconnue : {member.email}."),
    ("Accolade {member", "Une accolade n&#x27;est pas fermée"),
])
def test_convention_templates_with_unknown_placeholders_are_refused(client, organiser, body,
                                                                    message):
    client.force_login(organiser)
    response = client.post(reverse("admin:lending_conventiontemplate_add"),
                           {"title": "Convention", "version": "3", "body": body})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ConventionTemplate.objects.exists()


def test_an_accepted_template_can_no_longer_be_changed(client, organiser, loan, template):
    client.force_login(organiser)
    url = reverse("admin:lending_conventiontemplate_change", args=[template.pk])
    client.post(url, {"title": "Convention", "version": "2026-1", "body": "Nouveau {member}"})
    assert ConventionTemplate.objects.get().body == "Nouveau {member}"
    accept(Loan.objects.get(pk=loan.pk), ConventionTemplate.objects.get())
    assert client.post(url, {"title": "T", "version": "2026-1",
                             "body": "Autre {member}"}).status_code == 403
    assert ConventionTemplate.objects.get().body == "Nouveau {member}"
    with pytest.raises(services.LendingError):
        services.save_template(ConventionTemplate.objects.get(), organiser, created=False)
