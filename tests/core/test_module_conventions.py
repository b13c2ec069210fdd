"""`modules.declare`: a tool states what is particular to it, its other hooks are found in
their conventional places (`tests/core/conventional_tool`), and the site finds the tool."""

import json

import pytest
from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from parvis import pages
from parvis.core import modules
from parvis.processes.models import Process
from parvis.urls import build_urlconf
from tests.core.conventional_tool import privacy

TOOL = "tests.core.conventional_tool"
TEMPLATES = [{**settings.TEMPLATES[0],
              "DIRS": [*settings.TEMPLATES[0]["DIRS"], settings.BASE_DIR.parent.parent
                       / "tests" / "core" / "conventional_tool" / "templates"]}]


@pytest.fixture
def declare():
    """`declare(package, label, **particular)` as the tool's AppConfig.ready would; the
    module is unregistered afterwards."""
    declared = []

    def declare(package, label="Outil par convention", **particular):
        app_config = AppConfig.create(package)
        declared.append(app_config.label)
        return modules.declare(app_config, label, **particular)

    yield declare
    for app in declared:
        modules.unregister(app)


def test_a_declared_tool_is_found_by_its_conventions_on_the_site(declare, client, make_user,
                                                                 db):
    declare(TOOL, prefix="outil-par-convention/",
            navigation=[modules.Link("Outil par convention", "conventional_tool:index")])
    with override_settings(ROOT_URLCONF=build_urlconf(), TEMPLATES=TEMPLATES):
        clear_url_caches()
        try:
            assert client.get("/outil-par-convention/").content == b"<h1>Outil par convention</h1>"
            home = client.get(reverse("home")).content.decode()
            assert '<a href="/outil-par-convention/">Outil par convention</a>' in home
            process = Process.objects.create(title="Plan vélo", slug="plan-velo", summary="…",
                                             description="…", is_published=True)
            assert "<li>Outil par convention de Plan vélo</li>" in client.get(
                process.get_absolute_url()).content.decode()
            assert "conventional-tool" in [page.name for page in pages.public_pages()]
            client.force_login(make_user(pseudonym="Zoe"))
            download = client.post(reverse("accounts:download_my_data"))
        finally:
            clear_url_caches()
    assert json.loads(download.content)["sections"]["conventional_tool"] == {"pseudonym": "Zoe"}


def test_each_hook_comes_from_its_conventional_place_or_is_left_empty(declare):
    module = declare(TOOL, prefix="outil/")
    assert module.app == "conventional_tool"
    assert module.urls == modules.Urls("outil/", f"{TOOL}.urls")
    assert module.process_block == "conventional_tool/process_block.html"
    assert module.privacy is privacy.processings
    assert module.personal_data is privacy.PERSONAL_DATA
    # No api.py, no demo.py; a myspace.py without `my_space`: nothing for those hooks.
    assert (module.api, module.demo, module.my_space, module.awaiting) == ("", None, None, None)
    assert modules.all_modules()[-1] is module


def test_a_hook_the_conventions_do_not_find_may_be_given(declare):
    def load():
        pass

    module = declare(TOOL, prefix="outil/", demo=load, demo_after=["reports"])
    assert (module.demo, module.demo_after) == (load, ["reports"])


def test_a_hook_given_that_the_conventions_also_find_is_an_error(declare):
    with pytest.raises(ImproperlyConfigured, match="personal_data"):
        declare(TOOL, prefix="outil/", personal_data={"other": privacy.my_visits})
    assert "conventional_tool" not in [module.app for module in modules.all_modules()]


def test_pages_need_both_their_urlconf_and_a_prefix(declare):
    with pytest.raises(ImproperlyConfigured, match="give declare"):
        declare(TOOL)
    with pytest.raises(ImproperlyConfigured, match="no tests.core.broken_tool.urls"):
        declare("tests.core.broken_tool", prefix="casse/")


def test_an_import_error_inside_a_conventional_module_is_not_hidden(declare):
    with pytest.raises(ModuleNotFoundError, match="parvis_a_module_that_does_not_exist"):
        declare("tests.core.broken_tool")
