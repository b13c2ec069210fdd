"""Roles and scopes, decided in one place for views, back office and API."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from parvis.core import permissions
from parvis.core.models import HelpConsent, Role
from parvis.core.services.roles import grant_role


@pytest.mark.django_db
def test_anonymous_and_citizen_have_no_role(make_user):
    for user in (AnonymousUser(), make_user()):
        assert not permissions.has_role(user, Role.AGENT)
        assert not permissions.can_moderate(user, None)
        assert not permissions.can_view_audit_log(user)
        assert not permissions.can_verify_in_person(user)
        assert not permissions.visible_services(user).exists()


@pytest.mark.django_db
def test_moderator_scope(make_user, communes):
    local, metropolis = make_user(), make_user()
    grant_role(None, local, Role.MODERATOR, commune=communes["talence"])
    grant_role(None, metropolis, Role.MODERATOR)
    assert permissions.can_moderate(local, communes["talence"])
    assert not permissions.can_moderate(local, communes["begles"])
    assert not permissions.can_moderate(local, None)  # metropolis-wide content
    assert permissions.can_moderate(metropolis, communes["begles"])
    assert permissions.can_moderate(metropolis, None)
    assert list(permissions.moderated_communes(local)) == [communes["talence"]]


@pytest.mark.django_db
def test_agent_of_several_services(make_staff, make_service):
    voirie, eau, parcs = make_service("Voirie"), make_service("Eau"), make_service("Parcs")
    agent = make_staff(Role.AGENT, service=voirie)
    grant_role(None, agent, Role.AGENT, service=eau)
    agent = type(agent).objects.get(pk=agent.pk)
    assert set(permissions.visible_services(agent)) == {voirie, eau}
    assert permissions.is_agent_of(agent, eau) and not permissions.is_agent_of(agent, parcs)
    assert permissions.can_verify_in_person(agent)


@pytest.mark.django_db
def test_inactive_account_loses_its_roles(make_staff, make_service):
    agent = make_staff(Role.AGENT, service=make_service())
    agent.is_active = False
    agent.save()
    assert not permissions.visible_services(type(agent).objects.get(pk=agent.pk)).exists()


@pytest.mark.django_db
def test_helper_acts_only_with_valid_consent(make_user):
    helper, person, stranger = make_user(), make_user(), make_user()
    grant_role(None, helper, Role.HELPER)
    now = timezone.now()
    assert not permissions.can_act_for(helper, person)
    consent = HelpConsent.objects.create(helper=helper, person=person, scope="Démarches",
                                         expires_at=now + timedelta(days=90))
    assert permissions.can_act_for(helper, person)
    assert not permissions.can_act_for(helper, stranger)
    assert not permissions.can_act_for(stranger, person)  # not a helper
    consent.revoked_at = now
    consent.save()
    assert not permissions.can_act_for(helper, person)
    HelpConsent.objects.create(helper=helper, person=person, scope="Démarches",
                               given_at=now - timedelta(days=100),
                               expires_at=now - timedelta(days=10))
    assert not permissions.can_act_for(helper, person)


@pytest.mark.django_db
def test_administrator_has_every_scope(make_user, communes, make_service):
    admin = make_user(is_staff=True, is_superuser=True)
    service = make_service()
    assert permissions.can_view_audit_log(admin)
    assert permissions.is_agent_of(admin, service)
    assert permissions.can_moderate(admin, communes["ambes"])
