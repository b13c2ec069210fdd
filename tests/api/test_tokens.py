from datetime import timedelta
from io import StringIO

import pytest
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


def assert_unauthorized(response):
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"] == "Bearer"


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
    "header",
    [None, "Bearer", "Bearer pvs_wrong", "Bearer not-even-a-key", "Basic YWdlbnQ6cGFzcw==",
     "Bearer pvs_" + "x" * 200],
)
def test_me_requires_a_valid_token(client, agent, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    assert_unauthorized(client.get("/api/v1/me", **headers))


def test_a_session_is_not_enough_for_me(client, agent):
    client.force_login(agent)
    assert_unauthorized(client.get("/api/v1/me"))


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
