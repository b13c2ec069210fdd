"""Two-factor authentication: staff roles enrol an authenticator app before reaching the
back office or staff pages when the deployment requires it; logging in then asks a code,
on the same throttled path as passwords."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parvis.core.models import AuditEntry, LoginAttempt, Role
from parvis.core.services import accounts, two_factor

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-solide"
LOGIN = reverse("accounts:login")
CODE_STEP = reverse("accounts:login_code")
TWO_FACTOR = reverse("accounts:two_factor")
BACK_OFFICE = reverse("admin:index")


def current_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def log_in(client, email, password=PASSWORD, **params):
    return client.post(LOGIN, {"email": email, "password": password, **params},
                       REMOTE_ADDR="192.0.2.1")


def send_code(client, code, **params):
    return client.post(CODE_STEP, {"code": code, **params}, REMOTE_ADDR="192.0.2.1")


@pytest.fixture
def no_device_delay(settings):
    """django-otp also delays the next code after a wrong one (1 s, doubling): tests that
    send the right code right after a wrong one switch that delay off."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def moderator(make_staff):
    return make_staff(Role.MODERATOR, email="moderation@example.org")


@pytest.fixture
def enrolled(make_user):
    """A back-office agent whose authenticator is set up."""
    user = make_user(email="agent@example.org", is_staff=True)
    device = TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)
    return user, device


def test_staff_must_enrol_before_reaching_the_back_office(client, required, make_user,
                                                        no_device_delay):
    agent = make_user(email="agent@example.org", is_staff=True)
    assert log_in(client, "agent@example.org").status_code == 302

    blocked = client.get(BACK_OFFICE)
    assert blocked.status_code == 302 and blocked.url.startswith(TWO_FACTOR)
    page = client.get(blocked.url).content.decode()
    assert "activez la double authentification pour continuer" in page
    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user=agent, confirmed=False)
    assert two_factor.manual_key(device).replace(" ", "") in page.replace(" ", "")

    wrong = client.post(blocked.url, {"code": "000000" if current_code(device) != "000000"
                                      else "111111"})
    assert "Ce code ne correspond pas" in wrong.content.decode()
    done = client.post(blocked.url, {"code": current_code(device), "next": BACK_OFFICE})

    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT
    assert client.get(BACK_OFFICE).status_code == 200  # this session is verified
    assert AuditEntry.objects.filter(action="two_factor.enrolled", target_id=str(agent.pk))


def test_every_staff_role_is_held_to_it_and_citizens_are_not(client, required, moderator,
                                                             make_user):
    client.force_login(moderator)
    assert client.get(reverse("moderation:queue")).url.startswith(TWO_FACTOR)
    client.force_login(make_user())
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_without_the_requirement_staff_work_without_a_second_factor(client, make_user):
    client.force_login(make_user(is_staff=True))
    assert client.get(BACK_OFFICE).status_code == 200


def test_an_enrolled_account_logs_in_with_password_then_code(client, enrolled, no_device_delay):
    user, device = enrolled
    response = log_in(client, user.email, next=BACK_OFFICE)
    assert response.status_code == 302 and response.url == f"{CODE_STEP}?next=%2Fgestion%2F"
    assert client.get(BACK_OFFICE).status_code == 302  # not logged in yet

    wrong = send_code(client, "12345", next=BACK_OFFICE)
    assert "Ce code n&#x27;est pas valide" in wrong.content.decode()
    assert LoginAttempt.objects.filter(email=user.email).count() == 1
    done = send_code(client, current_code(device), next=BACK_OFFICE)

    assert done.status_code == 302 and done.url == BACK_OFFICE
    assert client.get(BACK_OFFICE).status_code == 200


def test_the_second_factor_applies_even_when_it_is_not_required(client, enrolled):
    user, _device = enrolled
    log_in(client, user.email)
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_recovery_code_works_once(client, enrolled):
    user, _device = enrolled
    [code, *_others] = two_factor.new_recovery_codes(user)
    log_in(client, user.email)
    assert send_code(client, code.upper()).status_code == 302
    assert AuditEntry.objects.filter(action="two_factor.recovery_code_used").count() == 1
    client.logout()
    log_in(client, user.email)
    assert send_code(client, code).status_code == 200


def test_codes_are_throttled_like_passwords(client, enrolled, settings, no_device_delay):
    settings.LOGIN_THROTTLE_PER_ACCOUNT_CLIENT = 3
    user, device = enrolled
    log_in(client, user.email)
    for _ in range(3):
        send_code(client, "999999" if current_code(device) != "999999" else "888888")
    refused = send_code(client, current_code(device))
    assert "Trop de tentatives" in refused.content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_the_code_step_needs_the_password_first(client):
    response = client.get(CODE_STEP)
    assert response.status_code == 302 and response.url == LOGIN


def test_a_session_opened_without_the_code_starts_the_login_again(client, required, enrolled):
    user, _device = enrolled
    client.force_login(user)
    response = client.get(BACK_OFFICE)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert client.get(reverse("accounts:profile")).status_code == 302  # logged out


def test_a_confirmation_link_asks_the_code_of_an_enrolled_account(client, enrolled):
    user, _device = enrolled
    token = accounts.confirmation_token(user)
    response = client.get(reverse("accounts:confirm_email", args=[token]))
    assert response.url.startswith(CODE_STEP)
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_recovery_codes_can_be_renewed_by_a_verified_session(client, enrolled):
    user, device = enrolled
    old = two_factor.new_recovery_codes(user)
    log_in(client, user.email)
    send_code(client, current_code(device))
    page = client.get(TWO_FACTOR).content.decode()
    assert "Il vous reste 10 codes de secours." in page
    renewed = client.post(TWO_FACTOR).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", renewed)
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_an_administrator_disables_it_for_a_lost_phone(client, enrolled, make_user):
    user, _device = enrolled
    administrator = make_user(is_staff=True, is_superuser=True)
    client.force_login(administrator)
    client.post("/gestion/core/user/", {"action": "disable_two_factor",
                                        "_selected_action": [user.pk]})
    assert not two_factor.is_enrolled(user)
    entry = AuditEntry.objects.get(action="two_factor.disabled")
    assert entry.actor == administrator and entry.target_id == str(user.pk)
