"""The authorisation matrix: every URL of the site and of the API, for every role, gets the
answer its access class declares.

Each URL name is classified once below (`ACCESS`); the expected answer of every role derives
from the class: the roles it names get the page (or its declared answer), every other role is
refused (a signed-in person gets 403 or 404, an anonymous visitor is sent to the sign-in
page or gets 403/404; the API answers 401/403/404 in JSON). A refusal never shows content:
it is the site's error page, a redirect, or the API's JSON error. A URL name missing from the
classification fails the suite: a new view is classified when it is added, so a view without
a check cannot go unnoticed. Write views are also posted to (with no data) by every refused
role: they refuse before acting, and nothing is stored.

The classes are in `access.py`. The back office (`admin:`) is classified as a whole: its
pages are for staff accounts only.
"""

import json
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from tests.security.access import (
    ACCESS,
    ADMINISTRATOR,
    EVERYONE,
    PRIVATE_CASES,
    STAFF,
    Access,
    classified_names,
)
from tests.security.world import ROLES

SIGN_IN = "/compte/connexion/"
BACK_OFFICE_SIGN_IN = "/gestion/login/"
# The site's error page (400, 403, 404, 405, 429, 500, in its layout).
ERROR_TEMPLATES = {"errors/error.html"}


def test_every_url_name_is_classified():
    missing = [name for name in classified_names() if name not in ACCESS]
    assert missing == [], (
        "These URL names have no access class: add each to ACCESS in"
        f" tests/security/access.py (who may see it?): {missing}"
    )
    assert sorted(set(ACCESS) - set(classified_names())) == [], "classified but gone"


def client_for(world, role) -> Client:
    client = Client()
    if world.people[role] is not None:
        client.force_login(world.people[role])
    return client


def is_api(url: str) -> bool:
    return url.startswith("/api/")


def refusal_problem(response, role: str, url: str, world, *, explained=False,
                    posted=False) -> str | None:
    """Why this answer is not a refusal that shows nothing (None when it is one). A POST may
    also be refused by its method (405): a read-only view does not act on it."""
    status = response.status_code
    leaked = [secret for secret in world.secrets if secret in response.content.decode()]
    if leaked:
        return f"answered {status} showing {leaked}"
    if posted and status == 405:
        return None
    if is_api(url):
        if status not in (401, 403, 404):
            return f"answered {status}"
        body = json.loads(response.content)
        return None if set(body) >= {"detail", "code"} else f"JSON {body} is not an error"
    if status == 302:
        location = urlsplit(response["Location"]).path
        if role == "anonymous" and location == SIGN_IN:
            return None
        return None if explained else f"redirected to {location}"
    if status not in (403, 404) and not (explained and status in (200, 400)):
        return f"answered {status}"
    templates = {template.name for template in response.templates}
    if templates and not templates & ERROR_TEMPLATES and not explained:
        return f"refused with the view's own page {sorted(templates, key=str)}"
    return None


def answer_problem(response, access: Access, role: str, url: str, world) -> str | None:
    """Why a GET's answer is not the declared one for this role (None when it is)."""
    status = response.status_code
    if access.post_only:
        if status == 405:
            return None
        if role in access.roles:
            return f"answered {status} to a GET of a POST-only view"
    if role not in access.roles:
        return refusal_problem(response, role, url, world, explained=access.explained)
    if access.guest_only and role != "anonymous":
        return None if status == 302 else f"answered {status}, not sent elsewhere"
    expected = access.ok if isinstance(access.ok, tuple) else (access.ok,)
    if status not in expected:
        return f"answered {status}, expected {expected}"
    return None


def stored_rows() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()
            if not model._meta.label.startswith(("sessions.", "core.ThrottleCounter"))}


@pytest.mark.parametrize("name", classified_names())
def test_each_role_gets_the_declared_answer(name, world, db):
    access = ACCESS.get(name)
    if access is None:
        pytest.skip("not classified: see test_every_url_name_is_classified")
    check_matrix(reverse(name, kwargs=world.path_values(name)) + world.query(name), access,
                 world)


@pytest.mark.parametrize(("name", "thing", "access"), PRIVATE_CASES)
def test_private_objects_are_refused_to_others(name, thing, access, world, db):
    check_matrix(reverse(name, kwargs=world.private_values(name, thing)), access, world)


def check_matrix(url, access, world):
    problems = []
    for role in ROLES:
        problem = answer_problem(client_for(world, role).get(url), access, role, url, world)
        if problem:
            problems.append(f"{role}: {problem}")
    before = stored_rows()
    for role in ROLES:
        if access.accepts_post(role):
            continue
        problem = refusal_problem(client_for(world, role).post(url), role, url, world,
                                  explained=access.explained, posted=True)
        if problem:
            problems.append(f"{role} POST: {problem}")
    assert stored_rows() == before, "a refused POST stored something"
    assert problems == [], f"{url}: {problems}"


def admin_urls(every_page: bool = True) -> list[str]:
    """The pages of the back office: each registered model's list, and unless only lists
    are asked for, its form and the pages of one of its objects."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse("admin:app_list",
                                                          args=[meta.app_label])]
        if not every_page:
            continue
        urls += [reverse(f"{prefix}_add"), reverse("admin:password_change")]
        instance: Model | None = model._default_manager.order_by("pk").first()
        if instance is not None:
            urls += [reverse(f"{prefix}_{page}", args=[instance.pk])
                     for page in ("change", "history", "delete")]
    return sorted(set(urls))


@pytest.mark.parametrize("role", sorted(EVERYONE - STAFF - ADMINISTRATOR))
def test_back_office_is_for_staff_only(role, world, db):
    """Those who hold no staff role are sent to sign in (anonymous) or refused, on every page
    of the back office; no page answers them with content."""
    client = client_for(world, role)
    problems = {}
    for url in admin_urls():
        response = client.get(url)
        if response.status_code == 302:
            target = urlsplit(response["Location"]).path
            if target in (SIGN_IN, BACK_OFFICE_SIGN_IN):
                continue
        problems[url] = response.status_code
    assert problems == {}


@pytest.mark.parametrize("role", sorted(STAFF))
def test_back_office_pages_answer_staff(role, world, db):
    """Staff get each page of the back office, or a refusal for a model that is not theirs;
    never a server error."""
    client = client_for(world, role)
    # The administrator sees every page; the other staff roles, the lists (filtered by role).
    urls = admin_urls(every_page=role == "administrator")
    failures = {url: status for url in urls if (status := client.get(url).status_code) >= 500}
    assert failures == {}
