"""The permission × phase matrix, generated from the modules' manifests.

Every `ActionPoint` a tool declares (`parvis.core.modules`) is crossed with the states of the
one clock — the action open now, opening later, closed, in no phase, its process unpublished —
and with who asks: a verified adult resident, and someone without an account. For each cell,
the tool's decision, the page offering the action (its form or the refusal's reason, with the
date when the action opens or closed) and the server's answer to a post must agree. A new tool
is checked as soon as it declares its action points, without editing this file.
"""

import re
from datetime import date, timedelta
from html import escape

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from parvis.core.models import Commune, VerificationLevel
from parvis.core.modules import action_points
from parvis.moderation.services import accept_charter

POINTS = action_points()
STATES = ["open", "opens-later", "closed", "in-no-phase", "unpublished"]
DAY = timedelta(days=1)


def states(point) -> list[str]:
    if point.reschedule:  # its own calendar dates the action, not the phases
        return [state for state in STATES if state != "in-no-phase"]
    return STATES


def post_forms(html: str) -> list[str]:
    """The `action` of every form of the page that posts ("" for the page itself)."""
    forms = re.findall(r"<form\b[^>]*>", html)
    posting = [form for form in forms if re.search(r'method="post"', form, re.IGNORECASE)]
    return [(re.search(r'action="([^"]*)"', form) or re.search("()", "")).group(1)
            for form in posting]


def offers_form(html: str, point, obj) -> bool:
    actions = post_forms(html)
    target = point.post_path(obj)
    return target in actions or (target == point.page(obj) and "" in actions)


def row_counts(app: str) -> dict[str, int]:
    return {model._meta.label: model._default_manager.count()
            for model in apps.get_app_config(app).get_models()}


def set_state(point, obj, state: str, now):
    """Put the clock of `obj`'s action in `state`; the moment it opens or closed, if any."""
    process = point.process(obj)
    phases = [phase for phase in process.phases.all() if point.action in phase.actions]
    if state == "unpublished":
        process.is_published = False
        process.save()
        return None
    if state == "in-no-phase":
        for phase in phases:
            phase.actions = [action for action in phase.actions if action != point.action]
            phase.save()
        return None
    if state == "open":
        return None
    starts, ends = ((now + 10 * DAY, now + 20 * DAY) if state == "opens-later"
                    else (now - 20 * DAY, now - 10 * DAY))
    if point.reschedule:
        point.reschedule(obj, starts, ends)
    else:
        for phase in phases:
            phase.starts_at, phase.ends_at = starts, ends
            phase.save()
    return starts if state == "opens-later" else ends


@pytest.fixture
def resident(make_user):
    """Someone every tool accepts: verified identity, adult, living in the metropolis,
    charter accepted."""
    person = make_user(verification_level=VerificationLevel.IDENTITY,
                       birth_date=date(1980, 5, 17),
                       commune=Commune.objects.order_by("pk").first())
    accept_charter(person)
    return person


def test_every_participation_tool_declares_its_action_points():
    declared = {(app, point.action) for app, point in POINTS}
    assert {("ideas", "submit"), ("ideas", "support"), ("budgets", "submit"),
            ("budgets", "vote"), ("consultations", "answer"), ("agenda", "register"),
            ("calls", "apply"), ("panels", "apply")} <= declared


@pytest.mark.parametrize(("app", "point"), POINTS,
                         ids=[f"{app}-{point.action}" for app, point in POINTS])
def test_permission_phase_matrix(app, point, demo_db, resident, client):
    """Each state in a savepoint rolled back after it: the demo is restored once a point."""
    for state in states(point):
        with transaction.atomic():
            client.logout()
            check_cell(app, point, state, resident, client)
            transaction.set_rollback(True)


def check_cell(app, point, state, resident, client):
    obj = point.sample()
    page, now = point.page(obj), timezone.now()
    moment = set_state(point, obj, state, now)
    obj = type(obj)._default_manager.get(pk=obj.pk)  # as the pages read it now
    where = f"{point.name}, {state}"

    anonymous = point.decide(obj, AnonymousUser())
    decision = point.decide(obj, resident)
    assert bool(decision) == (state == "open"), f"{where}: {decision.reason}"
    if state != "open" or point.anonymous:  # else the tool may ask to sign in later only
        assert bool(anonymous) == (state == "open"), where
    if state == "opens-later":
        assert (decision.opens_at, decision.closed_at) == (moment, None), where
    elif state == "closed":
        assert (decision.opens_at, decision.closed_at) == (None, moment), where
    else:
        assert (decision.opens_at, decision.closed_at) == (None, None), where

    for person, answer in ((AnonymousUser(), anonymous), (resident, decision)):
        if person.is_authenticated:
            client.force_login(person)
        response = client.get(page)
        html = response.content.decode()
        if response.status_code != 200:  # a draft process, or a page for signed-in people
            assert response.status_code in (302, 404) and not answer, where
        elif not answer:
            assert escape(answer.reason) in html, f"{where}: {page} does not say why"
            assert not offers_form(html, point, obj), f"{where}: {page} offers the form"
        elif person.is_authenticated or point.anonymous:
            assert offers_form(html, point, obj), f"{where}: {page} offers no form"

    if not decision:  # the server refuses a post, saying why, and stores nothing
        before = row_counts(app)
        response = client.post(point.post_path(obj), follow=True)
        assert response.status_code in (200, 403, 404), where
        if response.status_code != 404:
            assert escape(decision.reason) in response.content.decode(), where
        assert row_counts(app) == before, where
