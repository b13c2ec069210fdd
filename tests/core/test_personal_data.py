import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from parvis.core import audit
from parvis.core.models import (
    ApiToken,
    AuditEntry,
    HelpConsent,
    LoginAttempt,
    Role,
    RoleGrant,
    User,
    Verification,
    VerificationLevel,
)
from parvis.core.services import accounts
from parvis.core.services.roles import grant_role
from parvis.core.services.verification import Identity, record_verification

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-solide"
MY_DATA = reverse("accounts:my_data")
DOWNLOAD = reverse("accounts:download_my_data")
DELETE = reverse("accounts:delete_account")


def consent(person, helper, **fields):
    now = timezone.now()
    return HelpConsent.objects.create(
        person=person, helper=helper, scope=fields.pop("scope", "Démarches"),
        expires_at=now + timedelta(days=30), **fields,
    )


@pytest.fixture
def people(make_user, make_service, communes):
    """Alice (verified, agent, helped by Hugo, helper of Paul) and Bob, a stranger."""
    alice = make_user(email="alice@example.org", pseudonym="Alice33", first_name="Alice",
                      last_name="Martin", commune=communes["cenon"],
                      birth_date=date(1980, 5, 17))
    bob = make_user(email="bob@example.org", pseudonym="Bob", first_name="Robert")
    hugo = make_user(email="hugo@example.org", pseudonym="Hugo")
    paul = make_user(email="paul@example.org", pseudonym="Paul")
    record_verification(alice, Verification.Method.IN_PERSON, VerificationLevel.IN_PERSON,
                        identity=Identity("Alice", "Martin", date(1980, 5, 17), "F", "33063"),
                        provider="cni")
    grant_role(None, alice, Role.AGENT, service=make_service(name="Voirie"))
    grant_role(None, alice, Role.HELPER)
    grant_role(None, hugo, Role.HELPER)
    consent(alice, hugo, scope="Voter au budget participatif")
    consent(paul, alice, scope="Signaler un problème")
    consent(bob, hugo, scope="Secret de Bob")
    LoginAttempt.objects.create(email="alice@example.org", ip_address="192.0.2.1")
    LoginAttempt.objects.create(email="bob@example.org", ip_address="192.0.2.99")
    audit.record(bob, "bob.did.something", bob, note="secret de Bob")
    ApiToken.objects.create(user=alice, name="Intégration", prefix="pvs_abcd", digest="a" * 64)
    return {"alice": alice, "bob": bob, "hugo": hugo, "paul": paul}


def download(client, user):
    client.force_login(user)
    response = client.post(DOWNLOAD)
    assert response.status_code == 200
    return response


# "Mes données" and the download --------------------------------------------------------


def test_my_data_explains_what_is_held(client, make_user):
    assert client.get(MY_DATA).status_code == 302
    client.force_login(make_user())
    page = client.get(MY_DATA).content.decode()
    assert "Sécurité des connexions" in page
    assert "Télécharger mes données (JSON)" in page
    assert f'href="{DELETE}"' in page


def test_the_download_is_a_json_attachment(client, people):
    response = download(client, people["alice"])
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    assert client.get(DOWNLOAD).status_code == 405


def test_the_download_holds_everything_about_the_person(client, people):
    alice = people["alice"]
    sections = json.loads(download(client, alice).content)["sections"]

    profile = sections["profile"]
    assert (profile["email"], profile["pseudonym"], profile["last_name"]) == (
        "alice@example.org", "Alice33", "Martin")
    assert (profile["commune"], profile["birth_date"]) == ("Cenon", "1980-05-17")
    verifications = sections["verifications"]
    assert verifications["identity_hash_held"] is True
    assert alice.identity_hash not in json.dumps(sections)
    [check] = verifications["history"]
    assert check["method"] == "vérification en personne à un guichet"
    assert check["verified_at"]
    assert {role["role"] for role in sections["roles"]} == {
        "agent d'un service", "aidant·e (médiation numérique)"}
    assert [c["scope"] for c in sections["help_consents"]["given"]] == [
        "Voter au budget participatif"]
    assert [c["scope"] for c in sections["help_consents"]["received"]] == [
        "Signaler un problème"]
    assert [attempt["ip_address"] for attempt in sections["failed_logins"]] == ["192.0.2.1"]
    assert {"verification.recorded", "role.granted"} <= {
        entry["action"] for entry in sections["audit_log"]}


def test_the_download_holds_nothing_about_another_person(client, people):
    content = download(client, people["alice"]).content.decode()
    for secret in ["bob@example.org", "Robert", "Secret de Bob", "secret de Bob", "192.0.2.99",
                   "bob.did.something"]:
        assert secret not in content


def test_the_export_is_audit_logged(client, people):
    download(client, people["alice"])
    entry = AuditEntry.objects.get(action="personal_data.exported")
    assert entry.actor == people["alice"]
    assert "profile" in entry.data["sections"]


def test_modules_add_their_own_sections(client, make_user, register_module):
    register_module(personal_data={
        "ideas": lambda user: [{"title": f"Idée de {user.pseudonym}"}]})
    user = make_user(pseudonym="Zoe")
    sections = json.loads(download(client, user).content)["sections"]
    assert sections["ideas"] == [{"title": "Idée de Zoe"}]


# Account deletion ----------------------------------------------------------------------


def delete(client, password=PASSWORD, confirm="on"):
    return client.post(DELETE, {"password": password, "confirm": confirm})


@pytest.mark.parametrize(
    ("password", "confirm", "error"),
    [("pas-le-bon", "on", "Mot de passe incorrect."),
     (PASSWORD, "", "Cochez cette case pour confirmer.")],
)
def test_deletion_needs_the_password_and_a_confirmation(client, make_user, password, confirm,
                                                        error):
    user = make_user()
    client.force_login(user)
    assert "Supprimer définitivement mon compte" in client.get(DELETE).content.decode()
    response = delete(client, password, confirm)
    assert error in response.content.decode()
    user.refresh_from_db()
    assert user.deleted_at is None and user.is_active


def test_deletion_anonymises_the_account_in_place(client, people):
    alice = people["alice"]
    TOTPDevice.objects.create(user=alice, name="Téléphone", confirmed=True)
    client.force_login(alice)

    response = delete(client)

    assert response.url == reverse("home")
    alice.refresh_from_db()
    anonymous = f"supprime-{alice.pk}"
    assert (alice.email, alice.pseudonym) == (f"{anonymous}@anonyme.invalid", anonymous)
    assert (alice.first_name, alice.last_name, alice.birth_date, alice.commune) == (
        "", "", None, None)
    assert alice.identity_hash is None
    assert not (alice.show_real_name or alice.is_active or alice.is_staff)
    assert not alice.has_usable_password()
    assert alice.deleted_at is not None
    assert alice.public_name == "Compte supprimé"
    assert not RoleGrant.objects.filter(user=alice).exists()
    assert not HelpConsent.objects.filter(person=alice).exists()
    assert not HelpConsent.objects.filter(helper=alice).exists()
    assert not ApiToken.objects.filter(user=alice).exists()
    assert not TOTPDevice.objects.filter(user=alice).exists()  # the authenticator's secret
    assert not LoginAttempt.objects.filter(email="alice@example.org").exists()
    entry = AuditEntry.objects.get(action="account.deleted")
    assert entry.actor == alice
    assert not AuditEntry.objects.filter(actor_label="Alice33").exists()
    assert not AuditEntry.objects.filter(target_label="Alice33").exists()


def test_a_deleted_person_is_logged_out_everywhere_and_cannot_log_in(client, people):
    other_device = type(client)()
    other_device.force_login(people["alice"])
    client.force_login(people["alice"])
    delete(client)

    profile = reverse("accounts:profile")
    assert client.get(profile).status_code == 302
    assert other_device.get(profile).status_code == 302
    response = client.post(reverse("accounts:login"),
                           {"email": "alice@example.org", "password": PASSWORD})
    assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()


def test_deletion_leaves_other_people_untouched(client, people):
    client.force_login(people["alice"])
    delete(client)

    bob = User.objects.get(pk=people["bob"].pk)
    assert (bob.email, bob.pseudonym, bob.first_name) == ("bob@example.org", "Bob", "Robert")
    assert bob.is_active and bob.has_usable_password()
    assert HelpConsent.objects.filter(person=bob, scope="Secret de Bob").exists()
    assert LoginAttempt.objects.filter(email="bob@example.org").exists()
    assert RoleGrant.objects.filter(user=people["hugo"], role=Role.HELPER).exists()


def test_deletion_hooks_see_the_account_before_anonymisation(make_user, register_module):
    seen = []
    register_module(account_deletion=lambda user: seen.append((user.email, user.pseudonym)))
    user = make_user(email="zoe@example.org", pseudonym="Zoe")

    accounts.delete_account(user)

    assert seen == [("zoe@example.org", "Zoe")]
