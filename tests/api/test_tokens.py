from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from parvis.core.models import ApiToken, AuditEntry, Role
from parvis.core.services.roles import grant_role
from parvis.core.services.tokens import create_token, revoke_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(communes, make_user, make_service):
    service = make_service(name="Direction de la voirie")
    user = make_user(pseudonym="AgentVoirie")
    grant_role(None, user, Role.AGENT, service=service)
    grant_role(None, user, Role.MODERATOR, commune=communes["cenon"])
    return user


def assert_unauthorized(response, code="invalid_token"):
    """401: no token at all ("unauthorized"), or a token that is not valid."""
    assert response.status_code == 401
    assert response.json()["code"] == code
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_me_describes_the_token_owner(client, agent, token_for):
    response = client.get("/api/v1/me", **token_for(agent))
    assert response.status_code == 200
    assert response.json() == {
        "pseudonym": "AgentVoirie",
        "is_administrator": False,
        "roles": [
            {"role": "agent", "service": agent.role_grants.get(role="agent").service.slug,
             "commune": None},
            {"role": "moderator", "service": None, "commune": "cenon"},
        ],
        "services": [{"name": "Direction de la voirie",
                      "slug": agent.role_grants.get(role="agent").service.slug}],
    }


def test_only_the_digest_of_a_key_is_stored(agent):
    token, key = create_token(agent, "Tableau de bord")
    assert key.startswith("pvs_") and len(key) > 40
    token.refresh_from_db()
    assert token.prefix == key[:8]
    assert key not in {token.digest, token.name, token.prefix}
    entry = AuditEntry.objects.get(action="api_token.created")
    assert entry.target_id == str(token.pk) and key not in str(entry.data)


@pytest.mark.parametrize(
    ("header", "code"),
    [(None, "unauthorized"), ("Basic YWdlbnQ6cGFzcw==", "unauthorized"),
     ("Bearer", "invalid_token"), ("Bearer pvs_wrong", "invalid_token"),
     ("Bearer not-even-a-key", "invalid_token"), ("Bearer pvs_" + "x" * 200, "invalid_token")],
)
def test_me_requires_a_valid_token(client, agent, header, code):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    assert_unauthorized(client.get("/api/v1/me", **headers), code)


def test_a_session_is_not_enough_for_me(client, agent):
    client.force_login(agent)
    assert_unauthorized(client.get("/api/v1/me"), "unauthorized")


def test_an_expired_token_is_refused_with_a_structured_401(client, agent):
    token, key = create_token(agent, "Ancienne intégration")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert_unauthorized(response, "token_expired")
    assert "expired" in response.json()["detail"]


def test_a_token_without_the_read_scope_is_refused_with_a_structured_403(client, agent):
    _token, key = create_token(agent, "Open311 seulement", scopes=("open311:write",))
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert "'read'" in response.json()["detail"]


def test_a_token_is_held_to_its_hourly_rate(client, agent):
    _token, key = create_token(agent, "Tableau de bord", requests_per_hour=3)
    answers = [client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert answers[-1].json()["code"] == "throttled"


def test_tokens_have_a_default_expiry_and_known_scopes_only(agent, settings):
    token, _key = create_token(agent, "Par défaut")
    assert token.scope_list == ["read"]
    lifetime = token.expires_at - timezone.now()
    assert timedelta(days=settings.API_TOKEN_DEFAULT_DAYS - 1) < lifetime
    assert lifetime <= timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)
    with pytest.raises(ValidationError):
        create_token(agent, "Trop large", scopes=("admin",))
    with pytest.raises(ValidationError):
        create_token(agent, "Déjà expiré", expires_at=timezone.now() - timedelta(days=1))


def test_revoked_token_is_refused(client, agent, token_for):
    headers = token_for(agent)
    token = ApiToken.objects.get(user=agent)
    revoke_token(token, actor=agent)
    assert_unauthorized(client.get("/api/v1/me", **headers))
    assert AuditEntry.objects.filter(action="api_token.revoked", actor=agent).count() == 1
    revoke_token(token, actor=agent)
    assert AuditEntry.objects.filter(action="api_token.revoked").count() == 1


def test_token_of_an_inactive_account_is_refused(client, agent, token_for):
    headers = token_for(agent)
    agent.is_active = False
    agent.save()
    assert_unauthorized(client.get("/api/v1/me", **headers))


def test_last_use_is_recorded_at_most_once_a_minute(client, agent, token_for):
    headers = token_for(agent)
    token = ApiToken.objects.get(user=agent)
    assert client.get("/api/v1/me", **headers).status_code == 200
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    assert client.get("/api/v1/me", **headers).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first_use
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    assert client.get("/api/v1/me", **headers).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at > first_use - timedelta(minutes=1)


def test_command_prints_a_working_key_once(client, agent):
    out = StringIO()
    call_command("create_api_token", agent.email.upper(), "Supervision", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    assert ApiToken.objects.get(user=agent).name == "Supervision"
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.json()["pseudonym"] == agent.pseudonym


def test_command_sets_scopes_expiry_and_rate(agent):
    out = StringIO()
    call_command("create_api_token", agent.email, "Application mobile", "--scope", "read",
                 "--scope", "open311:write", "--expires", "2099-06-30",
                 "--requests-per-hour", "120", stdout=out)
    token = ApiToken.objects.get(user=agent)
    assert token.scope_list == ["open311:write", "read"]
    assert timezone.localtime(token.expires_at).isoformat() == "2099-07-01T00:00:00+02:00"
    assert token.hourly_limit == 120
    assert "open311:write, read, valid until 2099-07-01 00:00" in out.getvalue()
    entry = AuditEntry.objects.get(action="api_token.created")
    assert entry.data["scopes"] == ["open311:write", "read"]


@pytest.mark.parametrize("arguments", [["--scope", "admin"], ["--expires", "demain"],
                                       ["--expires", "2001-01-01"]])
def test_command_refuses_unknown_scopes_and_bad_expiries(agent, arguments):
    with pytest.raises(CommandError):
        call_command("create_api_token", agent.email, "Essai", *arguments, stdout=StringIO())
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("email", "name"), [("nobody@example.org", "Supervision"), (None, "x" * 101)]
)
def test_command_refuses_unknown_accounts_and_bad_names(agent, email, name):
    with pytest.raises(CommandError):
        call_command("create_api_token", email or agent.email, name, stdout=StringIO())
    assert not ApiToken.objects.exists()


def test_administrator_revokes_tokens_in_the_back_office(client, agent, make_user):
    token, _key = create_token(agent, "Ancien script")
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/gestion/core/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_at <= timezone.now()
    assert AuditEntry.objects.get(action="api_token.revoked").actor == admin
