import re
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from parvis.core.models import (
    AuditEntry,
    HelpConsent,
    LoginAttempt,
    Role,
    User,
    Verification,
    VerificationLevel,
)
from parvis.core.services import accounts
from parvis.core.services.roles import grant_role

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-solide"
NEW_PASSWORD = "une-autre-phrase-secrete"
LOGIN = reverse("accounts:login")
PROFILE = reverse("accounts:profile")
MY_SPACE = reverse("my_space")
REGISTER = reverse("accounts:register")
REGISTRATION_SENT = reverse("accounts:registration_sent")


def registration(**overrides):
    data = {
        "email": "Alice@Example.org",
        "pseudonym": "Alice33",
        "first_name": "Alice",
        "last_name": "Martin",
        "commune": "",
        "password1": "tartine-de-confiture-42",
        "password2": "tartine-de-confiture-42",
        "accept_terms": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def link_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def log_in(client, email, password=PASSWORD, ip="192.0.2.1", **params):
    return client.post(LOGIN, {"email": email, "password": password, **params}, REMOTE_ADDR=ip)


def is_logged_in(client) -> bool:
    return client.get(PROFILE).status_code == 200


def actions(user) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_id=str(user.pk), target_type="core.user")
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


# Registration --------------------------------------------------------------------------


def test_registration_creates_an_unconfirmed_account_and_sends_a_link(
    client, mailoutbox, communes
):
    response = client.post(REGISTER, registration(commune=communes["pessac"].pk))

    assert response.status_code == 302 and response.url == REGISTRATION_SENT
    assert "Vérifiez votre messagerie" in client.get(REGISTRATION_SENT).content.decode()
    user = User.objects.get(pseudonym="Alice33")
    assert user.email == "alice@example.org"
    assert user.commune == communes["pessac"]
    assert user.email_confirmed_at is None
    assert user.check_password("tartine-de-confiture-42")
    assert "tartine" not in user.password  # hashed, never stored as typed
    assert not is_logged_in(client)  # the link in the e-mail logs in
    [message] = mailoutbox
    assert message.to == ["alice@example.org"]
    assert "Confirmez votre adresse e-mail" in message.subject
    assert link_path(message).startswith("/compte/confirmation/")
    assert actions(user) == ["account.registered"]


def test_registration_errors_are_in_french_and_keep_what_was_typed(client, make_user):
    make_user(pseudonym="Alice33")
    response = client.post(
        REGISTER,
        registration(pseudonym="ALICE33", password2="autre-chose-encore", accept_terms=""),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ce pseudonyme est déjà pris" in page
    assert "Vous devez accepter les conditions d&#x27;utilisation" in page
    assert "Les deux mots de passe ne correspondent pas." in page
    assert 'value="Alice@Example.org"' in page
    assert 'value="Martin"' in page
    assert not User.objects.filter(email="alice@example.org").exists()


def test_registration_answers_a_taken_email_as_a_new_one_and_tells_its_owner(
    client, make_user, mailoutbox
):
    owner = make_user(email="alice@example.org", pseudonym="Alice")
    taken = client.post(REGISTER, registration(email="ALICE@example.org", pseudonym="Autre"))
    new = client.post(REGISTER, registration(email="bruno@example.org", pseudonym="Bruno"))

    assert taken.status_code == new.status_code == 302
    assert taken.url == new.url == REGISTRATION_SENT
    assert User.objects.filter(email__iexact="alice@example.org").get() == owner
    assert not User.objects.filter(pseudonym="Autre").exists()
    to_owner, to_bruno = mailoutbox
    assert to_owner.to == ["alice@example.org"]
    assert "existe déjà" in to_owner.subject
    assert reverse("accounts:password_reset") in to_owner.body
    assert to_bruno.to == ["bruno@example.org"]


def test_emails_about_an_account_are_limited_per_address(client, make_user, mailoutbox,
                                                         settings):
    settings.ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR = 2
    make_user(email="bob@example.org")
    make_user(email="carla@example.org")
    reset = reverse("accounts:password_reset")
    answers = [client.post(reset, {"email": "bob@example.org"}) for _ in range(5)]
    answers.append(client.post(REGISTER, registration(email="bob@example.org")))
    client.post(reset, {"email": "carla@example.org"})

    assert {answer.status_code for answer in answers} == {302}  # the same answer each time
    assert [message.to for message in mailoutbox] == [
        ["bob@example.org"], ["bob@example.org"], ["carla@example.org"]]


def test_registration_applies_the_password_validators(client):
    response = client.post(REGISTER, registration(password1="court", password2="court"))
    assert "Ce mot de passe est trop court" in response.content.decode()
    assert not User.objects.exists()


def test_registration_form_hides_a_honeypot_and_links_to_the_privacy_page(client):
    page = client.get(REGISTER).content.decode()
    assert re.search(r'<div class="honeypot" aria-hidden="true"><label for="id_website">', page)
    assert re.search(r'<input[^>]*name="website"[^>]*autocomplete="off"', page)
    assert f'href="{reverse("privacy")}"' in page


def test_a_bot_filling_the_honeypot_gets_a_generic_refusal(client, mailoutbox):
    response = client.post(REGISTER, registration(website="https://spam.example"))
    assert response.status_code == 200
    assert "Votre demande n&#x27;a pas pu être traitée." in response.content.decode()
    assert not User.objects.exists()
    assert mailoutbox == []


# E-mail confirmation ------------------------------------------------------------------


def test_confirmation_link_confirms_logs_in_and_works_once(client, mailoutbox):
    client.post(REGISTER, registration())
    path = link_path(mailoutbox[0])

    response = client.get(path)

    assert response.status_code == 302 and response.url == PROFILE
    user = User.objects.get(pseudonym="Alice33")
    assert user.email_confirmed_at is not None
    assert user.verification_level == VerificationLevel.EMAIL
    assert user.verifications.get().method == Verification.Method.EMAIL
    assert "Confirmez votre adresse e-mail" not in client.get(PROFILE).content.decode()

    client.logout()
    again = client.get(path)
    assert again.status_code == 400
    assert "déjà été utilisé" in again.content.decode()
    assert not is_logged_in(client)


def test_a_tampered_confirmation_link_is_refused(client, make_user):
    user = make_user()
    token = accounts.confirmation_token(user)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.get(reverse("accounts:confirm_email", args=[tampered]))

    assert response.status_code == 400
    assert "n&#x27;est pas valide" in response.content.decode()
    user.refresh_from_db()
    assert user.email_confirmed_at is None
    assert not is_logged_in(client)


def test_an_expired_confirmation_link_is_refused(client, make_user, monkeypatch):
    user = make_user()
    issued = time.time() - accounts.CONFIRMATION_MAX_AGE.total_seconds() - 60
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: issued)
        token = accounts.confirmation_token(user)

    response = client.get(reverse("accounts:confirm_email", args=[token]))

    assert response.status_code == 400
    assert "a expiré" in response.content.decode()
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_the_confirmation_email_can_be_sent_again_from_the_profile(client, make_user, mailoutbox):
    user = make_user()
    client.force_login(user)
    client.post(reverse("accounts:resend_confirmation"))
    [message] = mailoutbox
    assert message.to == [user.email]
    assert client.get(link_path(message)).status_code == 302
    user.refresh_from_db()
    assert user.email_confirmed_at is not None

    response = client.post(reverse("accounts:resend_confirmation"), follow=True)
    assert "déjà confirmée" in response.content.decode()
    assert len(mailoutbox) == 1


# Login, throttling, logout ------------------------------------------------------------


def test_login_by_email_whatever_its_case(client, make_user):
    make_user(email="bob@example.org")
    response = log_in(client, "  BOB@example.org ")
    assert response.status_code == 302 and response.url == MY_SPACE
    assert is_logged_in(client)


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [("/demarches/", "/demarches/"), ("https://ailleurs.example/piege", MY_SPACE)],
)
def test_login_follows_next_only_within_the_site(client, make_user, next_url, expected):
    make_user(email="bob@example.org")
    response = log_in(client, "bob@example.org", next=next_url)
    assert response.url == expected


def test_a_failed_login_is_recorded_and_explained_in_french(client, make_user):
    make_user(email="bob@example.org")
    response = log_in(client, "bob@example.org", password="pas-le-bon", ip="198.51.100.7")
    page = response.content.decode()
    assert "Adresse e-mail ou mot de passe incorrect." in page
    assert 'value="bob@example.org"' in page
    attempt = LoginAttempt.objects.get()
    assert (attempt.email, attempt.ip_address) == ("bob@example.org", "198.51.100.7")
    assert not is_logged_in(client)


def test_a_failure_without_a_usable_client_address_is_recorded_without_one(client, make_user):
    log_in(client, "bob@example.org", password="pas-le-bon", ip="unix:")
    assert LoginAttempt.objects.get().ip_address is None


def test_logins_are_refused_once_the_account_limit_is_reached(client, make_user, settings):
    settings.LOGIN_THROTTLE_PER_ACCOUNT = 3
    settings.LOGIN_THROTTLE_WINDOW = 15 * 60
    make_user(email="bob@example.org")
    make_user(email="carla@example.org")
    for number in range(3):
        response = log_in(client, "bob@example.org", "pas-le-bon", ip=f"192.0.2.{number}")
        assert "incorrect" in response.content.decode()

    refused = log_in(client, "BOB@example.org", ip="203.0.113.9")  # right password

    page = refused.content.decode()
    assert "Trop de tentatives de connexion" in page
    assert "réessayez dans 15 minutes" in page
    assert not is_logged_in(client)
    assert LoginAttempt.objects.count() == 3  # a refused attempt does not extend the block
    assert log_in(client, "carla@example.org", ip="203.0.113.9").status_code == 302


def test_logins_are_refused_once_the_address_limit_is_reached(client, make_user, settings):
    settings.LOGIN_THROTTLE_PER_IP = 3
    settings.LOGIN_THROTTLE_PER_ACCOUNT = 100
    make_user(email="bob@example.org")
    for number in range(3):
        log_in(client, f"inconnu{number}@example.org", "pas-le-bon", ip="198.51.100.1")

    refused = log_in(client, "bob@example.org", ip="198.51.100.1")
    assert "Trop de tentatives de connexion" in refused.content.decode()
    assert not is_logged_in(client)
    assert log_in(client, "bob@example.org", ip="198.51.100.2").status_code == 302


def test_guessing_from_one_address_locks_that_account_there_only(client, make_user, settings):
    settings.LOGIN_THROTTLE_PER_ACCOUNT_CLIENT = 3
    make_user(email="bob@example.org")
    make_user(email="carla@example.org")
    for _ in range(3):
        log_in(client, "bob@example.org", "pas-le-bon", ip="198.51.100.1")

    assert "Trop de tentatives" in log_in(client, "bob@example.org",
                                          ip="198.51.100.1").content.decode()
    assert log_in(client, "carla@example.org", ip="198.51.100.1").status_code == 302
    client.logout()
    assert log_in(client, "bob@example.org", ip="198.51.100.2").status_code == 302


def test_a_help_desk_behind_one_address_is_not_locked_out_by_its_visitors(client, make_user):
    # Forty visitors of a public Wi-Fi mistype their password twice each (default limits).
    for number in range(40):
        for _ in range(2):
            log_in(client, f"visiteur{number}@example.org", "pas-le-bon", ip="192.0.2.50")
    make_user(email="dominique@example.org")
    assert log_in(client, "dominique@example.org", ip="192.0.2.50").status_code == 302


def test_a_lockout_is_written_to_the_audit_log(client, make_user, settings):
    settings.LOGIN_THROTTLE_PER_ACCOUNT_CLIENT = 2
    bob = make_user(email="bob@example.org")
    for _ in range(3):
        log_in(client, "bob@example.org", "pas-le-bon")
    [entry] = AuditEntry.objects.filter(action="login.locked_out")
    assert entry.target_id == str(bob.pk)
    assert entry.data == {"limit": "login.account_client", "minutes": 15}


def test_a_login_under_the_limit_succeeds_and_keeps_the_history(client, make_user, settings):
    settings.LOGIN_THROTTLE_PER_ACCOUNT = 3
    make_user(email="bob@example.org")
    log_in(client, "bob@example.org", "pas-le-bon")
    log_in(client, "bob@example.org", "pas-le-bon")
    assert log_in(client, "bob@example.org").status_code == 302
    assert LoginAttempt.objects.count() == 2
    client.logout()
    log_in(client, "bob@example.org", "pas-le-bon")  # the third failure: the success did not count
    assert "Trop de tentatives" in log_in(client, "bob@example.org").content.decode()


def test_failures_older_than_the_window_do_not_count(client, make_user, settings, monkeypatch):
    settings.LOGIN_THROTTLE_PER_ACCOUNT = 3
    make_user(email="bob@example.org")
    for _ in range(3):
        log_in(client, "bob@example.org", "pas-le-bon", ip="192.0.2.7")
    assert "Trop de tentatives" in log_in(client, "bob@example.org").content.decode()

    later = timezone.now() + timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW + 1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert log_in(client, "bob@example.org").status_code == 302


def test_the_back_office_login_is_the_site_login(client, make_user, settings):
    """Regression: an account locked out on the site kept guessing on /gestion/login/."""
    settings.LOGIN_THROTTLE_PER_ACCOUNT_CLIENT = 3
    make_user(email="agent@example.org", is_staff=True)
    for _ in range(3):
        log_in(client, "agent@example.org", "pas-le-bon")

    back_office = reverse("admin:login")
    for _ in range(10):
        answer = client.post(back_office, {"username": "agent@example.org",
                                           "password": "pas-le-bon"}, REMOTE_ADDR="192.0.2.1")
        assert answer.status_code == 302 and answer.url.startswith(LOGIN)
    client.post(back_office, {"username": "agent@example.org", "password": PASSWORD},
                REMOTE_ADDR="192.0.2.1")

    assert client.get(reverse("admin:index")).status_code == 302  # still not logged in
    assert client.get(back_office).url == f"{LOGIN}?next=/gestion/"
    assert "Trop de tentatives" in log_in(client, "agent@example.org",
                                          next="/gestion/").content.decode()


def test_a_signed_in_person_without_back_office_access_gets_a_403(client, make_user):
    client.force_login(make_user())
    assert client.get(reverse("admin:login")).status_code == 403


def test_a_password_reset_does_not_log_in(client, make_user, mailoutbox):
    make_user(email="bob@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "bob@example.org"})
    form_page = client.get(link_path(mailoutbox[0]), follow=True)
    client.post(form_page.redirect_chain[-1][0],
                {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not is_logged_in(client)


def test_logout_is_a_post(client, make_user):
    client.force_login(make_user())
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert is_logged_in(client)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not is_logged_in(client)


# Passwords -----------------------------------------------------------------------------


def test_password_reset_does_not_reveal_whether_an_account_exists(client, make_user, mailoutbox):
    make_user(email="bob@example.org")
    url = reverse("accounts:password_reset")
    known = client.post(url, {"email": "bob@example.org"})
    unknown = client.post(url, {"email": "personne@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("accounts:password_reset_done")
    [message] = mailoutbox
    assert message.to == ["bob@example.org"]
    assert "Si vous n'avez rien demandé" in message.body


def test_password_reset_link_sets_a_new_password(client, make_user, mailoutbox):
    make_user(email="bob@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "bob@example.org"})
    form_page = client.get(link_path(mailoutbox[0]), follow=True)
    assert "Choisir un nouveau mot de passe" in form_page.content.decode()

    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert "Votre nouveau mot de passe est enregistré." in done.content.decode()
    assert log_in(client, "bob@example.org", NEW_PASSWORD).status_code == 302


def test_a_logged_in_person_changes_their_password(client, make_user):
    user = make_user(email="bob@example.org")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.url == PROFILE
    assert is_logged_in(client)  # the session survives the change
    client.logout()
    assert log_in(client, "bob@example.org", NEW_PASSWORD).status_code == 302
    assert "account.password_changed" in actions(user)


def test_password_change_refuses_a_wrong_current_password(client, make_user):
    client.force_login(make_user())
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "faux", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Votre ancien mot de passe est incorrect." in response.content.decode()


def test_a_password_asked_again_is_throttled_like_a_login(client, make_user, settings):
    settings.LOGIN_THROTTLE_PER_ACCOUNT_CLIENT = 2
    user = make_user(email="bob@example.org")
    client.force_login(user)
    change = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    for _ in range(2):
        client.post(reverse("accounts:password_change"), {"old_password": "faux", **change},
                    REMOTE_ADDR="192.0.2.1")
    refused = client.post(reverse("accounts:delete_account"),
                          {"password": PASSWORD, "confirm": "on"}, REMOTE_ADDR="192.0.2.1")
    assert "Trop de tentatives" in refused.content.decode()
    user.refresh_from_db()
    assert user.is_active
    assert LoginAttempt.objects.filter(email="bob@example.org").count() == 2


# Profile -------------------------------------------------------------------------------


def test_the_profile_needs_a_login(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={PROFILE}"


def test_the_profile_shows_the_account_its_level_and_roles(client, make_user, make_service):
    user = make_user(email="agent@example.org", pseudonym="AgentVoirie",
                     verification_level=VerificationLevel.EMAIL)
    grant_role(None, user, Role.AGENT, service=make_service(name="Voirie"))
    client.force_login(user)
    page = client.get(PROFILE).content.decode()
    assert "AgentVoirie" in page and "agent@example.org" in page
    assert "Adresse e-mail confirmée" in page
    assert "Contribuer aux démarches ouvertes aux comptes confirmés" in page
    assert "Agent d&#x27;un service — Voirie" in page


def test_the_profile_links_to_identity_verification_when_the_page_exists(client, make_user):
    client.force_login(make_user())
    identity_url = reverse("verification:identity")
    assert f'href="{identity_url}"' in client.get(PROFILE).content.decode()


def test_profile_changes_are_saved_and_audited_by_field_name(client, make_user, communes):
    user = make_user(pseudonym="Ancien")
    client.force_login(user)
    response = client.post(PROFILE, {
        "pseudonym": "Nouveau", "first_name": "Zoé", "last_name": "", "show_real_name": "on",
        "commune": communes["talence"].pk, "birth_date": "1980-05-17",
    })
    assert response.url == PROFILE
    user.refresh_from_db()
    assert (user.pseudonym, user.first_name, user.commune) == ("Nouveau", "Zoé",
                                                               communes["talence"])
    assert user.public_name == "Zoé"
    entry = AuditEntry.objects.get(action="account.updated")
    assert entry.data == {
        "fields": ["birth_date", "commune", "first_name", "pseudonym", "show_real_name"]
    }
    assert "Nouveau" not in str(entry.data) and "Zoé" not in str(entry.data)


def test_a_refused_profile_change_keeps_what_was_typed(client, make_user):
    make_user(pseudonym="Pris")
    user = make_user(pseudonym="Ancien")
    client.force_login(user)
    response = client.post(PROFILE, {"pseudonym": "PRIS", "first_name": "Zoé",
                                     "birth_date": "2999-01-01"})
    page = response.content.decode()
    assert "Ce pseudonyme est déjà pris" in page
    assert "La date de naissance doit être dans le passé." in page
    assert 'value="Zoé"' in page
    assert "<dd>Ancien</dd>" in page  # the summary still shows the saved profile
    user.refresh_from_db()
    assert (user.pseudonym, user.first_name) == ("Ancien", "")
    assert not AuditEntry.objects.filter(action="account.updated").exists()


# Helpers' consents ---------------------------------------------------------------------


@pytest.fixture
def helper(make_user):
    helper = make_user(email="aidant@example.org", pseudonym="MediateurCenon")
    grant_role(None, helper, Role.HELPER)
    return helper


def give(client, email="AIDANT@example.org", scope="Déposer un signalement", months="6"):
    return client.post(
        reverse("accounts:give_consent"),
        {"helper_email": email, "scope": scope, "months": months},
    )


def test_a_person_authorises_a_helper_for_a_scope_and_duration(client, make_user, helper):
    person = make_user()
    client.force_login(person)
    before = timezone.now()

    response = give(client)

    assert response.url == PROFILE + "#aidants"
    consent = HelpConsent.objects.get()
    assert (consent.person, consent.helper, consent.scope) == (person, helper,
                                                               "Déposer un signalement")
    months = (consent.expires_at.year - before.year) * 12 + consent.expires_at.month
    assert months - before.month == 6
    page = client.get(PROFILE).content.decode()
    assert "MediateurCenon" in page and "Déposer un signalement" in page
    assert AuditEntry.objects.filter(action="help_consent.given", actor=person).exists()
    client.force_login(helper)
    assert person.pseudonym in client.get(PROFILE).content.decode()


def test_the_default_duration_is_three_months(client, make_user):
    client.force_login(make_user())
    assert re.search(r'<option value="3" selected>3 mois</option>',
                     client.get(PROFILE).content.decode())


@pytest.mark.parametrize(
    ("email", "months", "error"),
    [
        ("personne@example.org", "3", "Aucun·e aidant·e n&#x27;est inscrit·e avec cette adresse"),
        ("aidant@example.org", "13", "Sélectionnez un choix valide."),
    ],
)
def test_a_consent_needs_a_helper_and_a_valid_duration(
    client, make_user, helper, email, months, error
):
    make_user(email="personne@example.org")
    client.force_login(make_user())
    response = give(client, email=email, months=months, scope="Voter")
    page = response.content.decode()
    assert error in page
    assert 'value="Voter"' in page
    assert not HelpConsent.objects.exists()


def test_a_helper_cannot_authorise_themselves(client, helper):
    client.force_login(helper)
    response = give(client)
    assert "vous désigner vous-même" in response.content.decode()
    assert not HelpConsent.objects.exists()


def test_a_person_revokes_their_consent_and_only_theirs(client, make_user, helper):
    person = make_user()
    client.force_login(person)
    give(client)
    consent = HelpConsent.objects.get()
    revoke = reverse("accounts:revoke_consent", args=[consent.pk])

    client.force_login(make_user())
    assert client.post(revoke).status_code == 404
    client.force_login(person)
    assert client.post(revoke).url == PROFILE + "#aidants"

    consent.refresh_from_db()
    assert consent.revoked_at is not None
    assert "Vous n'avez autorisé aucun·e aidant·e." in client.get(PROFILE).content.decode()
    assert AuditEntry.objects.filter(action="help_consent.revoked", actor=person).exists()
