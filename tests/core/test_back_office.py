"""The back office follows roles: each person sees and changes only what their roles allow."""

import pytest
from django.urls import reverse

from parvis.core.models import AuditEntry, Role, RoleGrant
from parvis.core.services.roles import grant_role, revoke_role
from parvis.processes.models import Process


@pytest.fixture
def admin_user(make_user):
    return make_user(is_staff=True, is_superuser=True)


@pytest.fixture
def two_services(make_service, communes):
    return make_service("Voirie", [communes["bordeaux"]]), make_service("Eau", [communes["cenon"]])


@pytest.mark.django_db
def test_citizen_has_no_back_office(client, make_user):
    client.force_login(make_user())
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/gestion/login/" in response["Location"]


@pytest.mark.django_db
def test_agent_sees_only_their_services(client, make_staff, two_services):
    voirie, eau = two_services
    agent = make_staff(Role.AGENT, service=voirie)
    client.force_login(agent)
    response = client.get(reverse("admin:core_service_changelist"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Voirie" in body and "Eau" not in body
    assert client.get(reverse("admin:core_service_change", args=[eau.pk])).status_code == 302
    assert client.get(reverse("admin:core_user_changelist")).status_code == 403
    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 403


@pytest.mark.django_db
def test_commune_process_manager_cannot_create_process_outside_scope(
    client, make_staff, communes
):
    manager = make_staff(Role.PROCESS_MANAGER, commune=communes["cenon"])
    client.force_login(manager)
    data = {
        "title": "Parc de Pessac", "slug": "parc-pessac", "summary": "Résumé",
        "description": "Texte", "communes": [communes["pessac"].pk],
        "phases-TOTAL_FORMS": "0", "phases-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:processes_process_add"), data)
    assert response.status_code == 200
    assert "Hors de votre périmètre : Pessac." in response.content.decode()
    assert not Process.objects.exists()

    data.update(communes=[communes["cenon"].pk], title="Parc de Cenon", slug="parc-cenon")
    data.update({
        "phases-TOTAL_FORMS": "1",
        "phases-0-title": "Avis", "phases-0-starts_at_0": "01/01/2027",
        "phases-0-starts_at_1": "09:00", "phases-0-ends_at_0": "01/02/2027",
        "phases-0-ends_at_1": "18:00", "phases-0-actions": ["answer", "comment"],
    })
    response = client.post(reverse("admin:processes_process_add"), data)
    assert response.status_code == 302
    process = Process.objects.get()
    assert list(process.phases.values_list("actions", flat=True)) == [["answer", "comment"]]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"process.created", "phase.created"} <= actions
    assert AuditEntry.objects.get(action="process.created").actor == manager


@pytest.mark.django_db
def test_process_manager_sees_only_processes_in_scope(client, make_staff, communes):
    cenon = Process.objects.create(title="Cenon", slug="cenon", summary="s", description="d")
    cenon.communes.set([communes["cenon"]])
    pessac = Process.objects.create(title="Pessac", slug="pessac", summary="s", description="d")
    pessac.communes.set([communes["pessac"]])
    manager = make_staff(Role.PROCESS_MANAGER, commune=communes["cenon"])
    client.force_login(manager)
    change_url = "admin:processes_process_change"
    assert client.get(reverse(change_url, args=[cenon.pk])).status_code == 200
    assert client.get(reverse(change_url, args=[pessac.pk])).status_code == 302


@pytest.mark.django_db
def test_granting_roles_is_audited_and_opens_back_office(client, admin_user, make_user,
                                                         two_services):
    person = make_user()
    client.force_login(admin_user)
    url = reverse("admin:core_user_change", args=[person.pk])
    form = {
        "email": person.email, "pseudonym": person.pseudonym, "is_active": "on",
        "role_grants-TOTAL_FORMS": "1", "role_grants-INITIAL_FORMS": "0",
        "role_grants-0-role": "agent", "role_grants-0-service": two_services[0].pk,
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.is_staff
    entry = AuditEntry.objects.get(action="role.granted")
    assert entry.actor == admin_user and entry.role == "administrator"
    assert entry.target_id == str(person.pk) and entry.data["granted_role"] == "agent"

    revoke_role(admin_user, RoleGrant.objects.get(user=person))
    person.refresh_from_db()
    assert not person.is_staff
    assert AuditEntry.objects.filter(action="role.revoked").count() == 1


@pytest.mark.django_db
def test_agent_role_requires_a_service(client, admin_user, make_user):
    person = make_user()
    client.force_login(admin_user)
    response = client.post(reverse("admin:core_user_change", args=[person.pk]), {
        "email": person.email, "pseudonym": person.pseudonym, "is_active": "on",
        "role_grants-TOTAL_FORMS": "1", "role_grants-INITIAL_FORMS": "0",
        "role_grants-0-role": "agent",
    })
    assert response.status_code == 200
    assert "service" in response.content.decode().lower()
    assert not RoleGrant.objects.exists()


@pytest.mark.django_db
def test_audit_log_is_visible_to_administrators(client, admin_user, make_user):
    grant_role(admin_user, make_user(), Role.MODERATOR)
    client.force_login(admin_user)
    response = client.get(reverse("admin:core_auditentry_changelist"))
    assert response.status_code == 200
    assert "role.granted" in response.content.decode()
