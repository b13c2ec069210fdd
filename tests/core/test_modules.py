"""The module registry: a tool joins the site with one registration and nothing else.

A minimal tool (`tests/core/minimal_tool`: a URLconf, an API router, a process-page block) is
registered as a tool's AppConfig.ready would, then found in the site's URLs, the API schema,
the navigation, the process page, the demo loader, « Mes données » and the gates' page list.
"""

import io
import json
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from parvis import pages
from parvis.core import modules
from parvis.processes.models import Process
from parvis.urls import build_urlconf

TEMPLATES = [{**settings.TEMPLATES[0],
              "DIRS": [*settings.TEMPLATES[0]["DIRS"], settings.BASE_DIR.parent.parent
                       / "tests" / "core" / "minimal_tool" / "templates"]}]


@contextmanager
def only_modules(*kept):
    """Only `kept` are registered inside the block; the registry is restored, in its order."""
    registered = modules.all_modules()
    for module in registered:
        modules.unregister(module.app)
    for module in kept:
        modules.register(module)
    try:
        yield
    finally:
        for module in modules.all_modules():
            modules.unregister(module.app)
        for module in registered:
            modules.register(module)


@pytest.fixture
def minimal_tool(register_module):
    loaded = []
    module = register_module(
        app="minimal_tool", label="Outil minimal",
        urls=modules.Urls("outil-minimal/", "tests.core.minimal_tool.urls"),
        api="tests.core.minimal_tool.api.router",
        navigation=[modules.Link("Outil minimal", "minimal_tool:index")],
        process_block="minimal_tool/process_block.html",
        notification_kinds=[("minimal_news", "nouvelle de l'outil minimal")],
        personal_data={"minimal_tool": lambda user: {"pseudonym": user.pseudonym}},
        demo=lambda: loaded.append("minimal_tool"),
        public_pages=lambda: [modules.PublicPage("minimal-tool", "minimal_tool:index")],
    )
    with override_settings(ROOT_URLCONF=build_urlconf(), TEMPLATES=TEMPLATES):
        clear_url_caches()
        yield module, loaded
    clear_url_caches()


def test_a_registered_tool_is_on_the_site(minimal_tool, client, make_user, db):
    module, loaded = minimal_tool
    response = client.get(reverse("minimal_tool:index"))
    assert response.content == b"<h1>Outil minimal</h1>"
    assert "/api/v1/minimal-tool" in client.get("/api/v1/openapi.json").json()["paths"]
    assert client.get("/api/v1/minimal-tool").json() == {"status": "ok"}

    home = client.get(reverse("home")).content.decode()
    assert f'<a href="{reverse("minimal_tool:index")}">Outil minimal</a>' in home

    process = Process.objects.create(title="Plan vélo", slug="plan-velo", summary="…",
                                     description="…", is_published=True)
    assert "<li>Outil minimal de Plan vélo</li>" in client.get(
        process.get_absolute_url()).content.decode()

    assert "minimal-tool" in [page.name for page in pages.public_pages()]
    assert ("minimal_news", "nouvelle de l'outil minimal") in modules.notification_kinds()

    user = make_user(pseudonym="Zoe")
    client.force_login(user)
    download = client.post(reverse("accounts:download_my_data"))
    assert json.loads(download.content)["sections"]["minimal_tool"] == {"pseudonym": "Zoe"}


@pytest.mark.django_db
def test_the_demo_loader_runs_every_module_after_those_it_builds_on(minimal_tool,
                                                                    register_module):
    module, loaded = minimal_tool
    follower = register_module(app="builds_on_minimal", label="Suite",
                               demo_after=["minimal_tool"],
                               demo=lambda: loaded.append("builds_on_minimal"))
    order = [module.app for module in modules.demo_order()]
    assert order.index("minimal_tool") < order.index("builds_on_minimal")
    assert order.index("reports") < order.index("ideas") < order.index("comments")
    # The platform's demo data, then these two modules' only (the real ones take minutes).
    with only_modules(follower, module):
        call_command("load_demo", stdout=io.StringIO())
    assert loaded == ["minimal_tool", "builds_on_minimal"]


def test_demo_dependencies_must_exist_and_not_loop(register_module):
    register_module(app="first", label="Un", demo=lambda: None, demo_after=["second"])
    register_module(app="second", label="Deux", demo=lambda: None, demo_after=["first"])
    with pytest.raises(LookupError, match="cycle"):
        modules.demo_order()
    modules.unregister("second")
    with pytest.raises(LookupError, match="has no demo data"):
        modules.demo_order()
