"""The back office of issue reports: categories, the routing table and the report list."""

import pytest
from django.urls import reverse

from parvis.core.models import AuditEntry, Role
from parvis.reports.models import Category, CategoryAttribute, Report, RoutingRule, Status
from parvis.reports.services import Submission, change_status, submit_report

pytestmark = pytest.mark.django_db

RULES = reverse("admin:reports_routingrule_changelist")
ADD_RULE = reverse("admin:reports_routingrule_add")


@pytest.fixture
def administrator(client, make_user):
    user = make_user(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def pothole_in(commune, **fields):
    return submit_report(Submission(category=Category.objects.get(slug="voirie-nid-de-poule"),
                                    title="Nid-de-poule", description="Profond.",
                                    commune=commune, **fields))


def test_agents_use_the_inbox_not_the_report_back_office(client, make_staff, routing):
    agent = make_staff(Role.AGENT, service=routing["voirie"])
    client.force_login(agent)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Aiguillage des signalements" not in index
    for name in ("report", "routingrule", "category"):
        assert client.get(reverse(f"admin:reports_{name}_changelist")).status_code == 403
    assert client.post(ADD_RULE, {"service": routing["eau"].pk}).status_code == 403
    assert RoutingRule.objects.count() == 4


def test_routing_rule_changes_are_audit_logged_and_take_effect(client, administrator, routing,
                                                               communes):
    pessac = communes["pessac"]
    voirie = Category.objects.get(slug="voirie")
    assert pothole_in(pessac).service == routing["voirie"]

    response = client.post(ADD_RULE, {"category": voirie.pk, "commune": pessac.pk,
                                      "service": routing["triage"].pk})
    assert response.status_code == 302
    rule = RoutingRule.objects.get(commune=pessac)
    created = AuditEntry.objects.get(action="routing_rule.created")
    assert created.actor == administrator and created.target_id == str(rule.pk)
    assert "Pessac" in created.target_label
    assert pothole_in(pessac).service == routing["triage"]

    change = reverse("admin:reports_routingrule_change", args=[rule.pk])
    response = client.post(change, {"category": voirie.pk, "commune": pessac.pk,
                                    "service": routing["eau"].pk})
    assert response.status_code == 302
    updated = AuditEntry.objects.get(action="routing_rule.updated")
    assert updated.data["fields"] == ["service"]
    assert "Centre de relation usagers" in updated.data["before"]
    assert "Direction de l'eau" in updated.target_label
    assert pothole_in(pessac).service == routing["eau"]

    response = client.post(reverse("admin:reports_routingrule_delete", args=[rule.pk]),
                           {"post": "yes"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="routing_rule.deleted",
                                     target_id=str(rule.pk)).exists()
    assert pothole_in(pessac).service == routing["voirie"]


def test_routing_rule_list_and_duplicates(client, administrator, routing):
    body = client.get(RULES).content.decode()
    assert "toute commune" in body and "Voirie de Bordeaux" in body
    response = client.post(ADD_RULE, {"category": "", "commune": "",
                                      "service": routing["eau"].pk})
    assert response.status_code == 200
    assert "Une règle existe déjà pour cette catégorie et cette commune" in (
        response.content.decode())
    assert RoutingRule.objects.count() == 4


def test_the_fallback_rule_cannot_be_deleted(client, administrator, routing):
    fallback = RoutingRule.objects.get(category=None, commune=None)
    url = reverse("admin:reports_routingrule_delete", args=[fallback.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    response = client.post(RULES, {"action": "delete_selected", "_selected_action": [fallback.pk],
                                   "post": "yes"})
    assert response.status_code == 403
    assert RoutingRule.objects.filter(pk=fallback.pk).exists()
    assert not AuditEntry.objects.filter(action="routing_rule.deleted").exists()


def test_categories_with_extra_questions_and_one_level_of_children(client, administrator,
                                                                   routing):
    voirie = Category.objects.get(slug="voirie")
    data = {
        "name": "Ralentisseur", "slug": "voirie-ralentisseur", "parent": voirie.pk,
        "description": "", "keywords": "dos d'âne", "order": "3", "is_active": "on",
        "attributes-TOTAL_FORMS": "1", "attributes-INITIAL_FORMS": "0",
        "attributes-0-code": "hauteur", "attributes-0-description": "Hauteur estimée",
        "attributes-0-datatype": "number", "attributes-0-values": "[]",
        "attributes-0-order": "0",
    }
    response = client.post(reverse("admin:reports_category_add"), data)
    assert response.status_code == 302
    category = Category.objects.get(slug="voirie-ralentisseur")
    assert category.parent == voirie
    assert CategoryAttribute.objects.get(category=category).code == "hauteur"
    assert AuditEntry.objects.filter(action="report_category.created",
                                     target_id=str(category.pk)).exists()

    # A category with sub-categories cannot itself become one.
    eau = Category.objects.get(slug="eau")
    response = client.post(reverse("admin:reports_category_change", args=[voirie.pk]), {
        **data, "name": "Voirie", "slug": "voirie", "parent": eau.pk,
        "attributes-TOTAL_FORMS": "0",
    })
    assert "Cette catégorie a des sous-catégories" in response.content.decode()
    voirie.refresh_from_db()
    assert voirie.parent is None


def test_administrators_list_reports_without_contact_details(client, administrator, routing,
                                                             communes):
    resolved = pothole_in(communes["cenon"], contact_email="riverain@example.org",
                          contact_phone="0556000000")
    change_status(resolved, None, Status.RESOLVED)
    open_one = pothole_in(communes["pessac"])
    changelist = reverse("admin:reports_report_changelist")
    body = client.get(changelist, {"status__exact": "resolved"}).content.decode()
    assert resolved.tracking_code in body and open_one.tracking_code not in body
    body = client.get(changelist, {"commune__id__exact": communes["pessac"].pk}).content.decode()
    assert open_one.tracking_code in body and resolved.tracking_code not in body
    body = client.get(reverse("admin:reports_report_change", args=[resolved.pk])).content.decode()
    assert resolved.tracking_code in body
    assert "riverain@example.org" not in body and "0556000000" not in body
    assert reverse("reports:inbox_detail", args=[resolved.tracking_code]) in body
    response = client.post(reverse("admin:reports_report_change", args=[resolved.pk]),
                           {"title": "Changé"})
    assert response.status_code == 403
    assert Report.objects.get(pk=resolved.pk).title == "Nid-de-poule"
