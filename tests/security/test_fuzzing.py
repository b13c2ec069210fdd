"""No input produces a server error: every GET page of the site (as a role that may see it),
every GET operation of the API and Open311 is requested with malformed query parameters and
path values (huge, negative and non-numbers, impossible dates, quotes, control characters,
unicode, empty and repeated parameters, out-of-range pages and coordinates). The parameters
are those each page offers (its GET forms and links), those the API schema declares, and
the names the site reads anywhere. Every answer must be below 500; the API's errors are JSON.

The cases are a fixed table, not random: a failure replays identically."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.security.access import ACCESS, classified_names
from tests.security.world import ROLES, url_converters, url_names

NASTY = [
    "-1", "0", "2147483648", "9223372036854775808", str(10**30), "1e309", "NaN", "-inf",
    "0001-01-01", "9999-12-31T99", "2026-02-30", "2026-13-01", "31/12/2026", "1.5",
    "'", '"><script>', "\x00", "é☃\U0001d11e", "", " ", "a" * 3000,
    "-91,-181,91,181", "1,2,3", "45.0,-0.5,44.0,-0.6", "-90", "181",
]
# A sharper set, for each parameter a page offers on its own.
SHARP = ["-1", str(10**30), "NaN", "0001-01-01", "9999-12-31T99", "'", "\x00", "",
         "é☃\U0001d11e", "-91,-181,91,181"]
# The names the site reads from query strings, wherever a page does not show them in a form.
COMMON = [
    "page", "page_size", "q", "commune", "theme", "status", "statut", "etat", "site", "code",
    "next", "ajout", "apercu", "date", "start", "end", "day", "year", "month", "lat", "long",
    "lon", "bbox", "start_date", "end_date", "service_code", "service_request_id",
    "jurisdiction_id", "api_key", "limit", "offset",
]
# Path values for each kind of path parameter (those its converter accepts).
PATH_VALUES = {
    "int": ["0", "2147483648", "9223372036854775808", str(10**30)],
    "slug": ["x" * 300, "-", "_", "a-b"],
    "str": ["'", "é☃", "a" * 2000, "%00", "..", "jeton inconnu"],
    "path": ["../../etc/passwd", "a" * 2000],
    "tracking": ["22222222", "ZZZZZZZZ"],
}
CONVERTERS = {"IntConverter": "int", "SlugConverter": "slug", "PathConverter": "path",
              "TrackingCodeConverter": "tracking"}
OPEN311_VALUES = ["'", "é", "a" * 300, "0", "-1"]


class OfferedParameters(HTMLParser):
    """The query parameter names a page offers: its GET forms' fields and its links'."""

    def __init__(self, path):
        super().__init__()
        self.path, self.names, self.in_get_form = path, set(), False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self.in_get_form and attrs.get("name"):
            self.names.add(attrs["name"])
        elif tag == "a" and "?" in (attrs.get("href") or ""):
            link = urlsplit(attrs["href"])
            if link.path in ("", self.path):
                self.names |= {name for name, _value in parse_qsl(link.query)}

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_get_form = False


def offered_parameters(response, path) -> set[str]:
    if "html" not in response.get("Content-Type", ""):
        return set()
    parser = OfferedParameters(path)
    parser.feed(response.content.decode())
    return parser.names - {"csrfmiddlewaretoken"}


def reader(name) -> str | None:
    """A role that may GET this URL: anonymous for public pages, else the first allowed."""
    access = ACCESS[name]
    if access.post_only or not access.roles:
        return None
    return next(role for role in ROLES if role in access.roles)


def page_names() -> list[str]:
    return [name for name in classified_names()
            if not name.startswith(("api-", "open311:")) and reader(name)]


# Over the whole run, shown at its end (tests/security/conftest.py).
TOTALS = {"requests": 0, "server errors": 0}


class ServerErrors:
    """Requests made and the server errors among them."""

    def __init__(self, client):
        self.client, self.count, self.errors = client, 0, []

    def get(self, url, params=()):
        self.count += 1
        TOTALS["requests"] += 1
        response = self.client.get(url, params)
        if response.status_code >= 500:
            self.errors.append((response.status_code, url, params))
            TOTALS["server errors"] += 1
        return response


def repeated(names) -> str:
    return urlencode([(name, value) for name in names for value in ("1", "2", "-1")])


@pytest.mark.parametrize("name", page_names())
def test_no_query_string_breaks_a_page(name, world, db):
    client = Client(raise_request_exception=False)
    if world.people[reader(name)] is not None:
        client.force_login(world.people[reader(name)])
    requests = ServerErrors(client)
    url = reverse(name, kwargs=world.path_values(name))
    offered = offered_parameters(requests.get(url), urlsplit(url).path)
    for value in NASTY:
        requests.get(url, dict.fromkeys(offered | set(COMMON), value))
    for value in SHARP:
        for parameter in offered:
            requests.get(url, {parameter: value})
    requests.get(f"{url}?{repeated(offered | set(COMMON))}")
    assert requests.errors == [], f"{len(requests.errors)} of {requests.count} requests"


def path_variants(name, world):
    """The URL with each path value replaced, in turn, by values its converter accepts."""
    converters = url_converters(name)
    values = world.path_values(name)
    for parameter in values:
        kind = CONVERTERS.get(type(converters.get(parameter)).__name__, "str")
        for value in PATH_VALUES[kind]:
            try:
                yield reverse(name, kwargs={**values, parameter: value})
            except NoReverseMatch:
                continue


@pytest.mark.parametrize("name", [name for name in classified_names()
                                  if not name.startswith("api-")])
def test_no_path_value_breaks_a_page(name, world, db):
    role = reader(name) or "administrator"
    client = Client(raise_request_exception=False)
    if world.people[role] is not None:
        client.force_login(world.people[role])
    requests = ServerErrors(client)
    for url in path_variants(name, world):
        requests.get(url)
    assert requests.errors == [], f"{len(requests.errors)} of {requests.count} requests"


def api_operations(client) -> list[tuple[str, list[str]]]:
    """Each GET operation of the API (its URL name) and its query parameters, from the
    schema."""
    paths = json.loads(client.get("/api/v1/openapi.json").content)["paths"]
    operations = []
    for name, pattern in url_names().items():
        template = "/" + re.sub(r"<(\w+)>", r"{\1}", str(pattern.pattern))
        path = next((path for path in paths if template.endswith(path)), None)
        if path is not None and "get" in paths[path]:
            parameters = paths[path]["get"].get("parameters", [])
            operations.append((name, [item["name"] for item in parameters
                                      if item["in"] == "query"]))
    return operations


def test_no_input_breaks_the_api(world, db):
    """Every query parameter of every GET operation, and every path parameter, with
    malformed values: an error is JSON `{"detail", "code"}`, never a server error."""
    requests = ServerErrors(Client(raise_request_exception=False))
    not_json = []
    for name, query in api_operations(requests.client):
        values = world.path_values(name)
        url = reverse(name, kwargs=values)
        for value in SHARP:
            for parameter in [*query, "page", "page_size"]:
                response = requests.get(url, {parameter: value})
                if response.status_code >= 400 and "detail" not in json.loads(response.content):
                    not_json.append((url, parameter, value))
        for value in NASTY:
            requests.get(url, dict.fromkeys([*query, "page", "page_size"], value))
        for parameter in values:
            for value in [*PATH_VALUES["int"], *PATH_VALUES["str"]]:
                requests.get(reverse(name, kwargs={**values, parameter: value}))
        requests.get(f"{url}?{repeated(query)}")
    assert requests.errors == [], f"{len(requests.errors)} of {requests.count} requests"
    assert not_json == []


def test_no_input_breaks_open311(world, db):
    requests = ServerErrors(Client(raise_request_exception=False))
    for fmt in ("json", "xml"):
        for url in (f"/open311/v2/requests.{fmt}", f"/open311/v2/services.{fmt}",
                    f"/open311/v2/discovery.{fmt}"):
            for value in NASTY:
                requests.get(url, dict.fromkeys(COMMON, value))
                for parameter in ("start_date", "end_date", "status", "service_code",
                                  "service_request_id", "page", "page_size", "lat", "long"):
                    requests.get(url, {parameter: value})
        for value in OPEN311_VALUES:
            for kind in ("services", "requests", "tokens"):
                requests.get(f"/open311/v2/{kind}/{value}.{fmt}")
    for suffix in ("requests.csv", "requests.", "requests.json.json", "inconnu.json"):
        requests.get(f"/open311/v2/{suffix}")
    assert requests.errors == [], f"{len(requests.errors)} of {requests.count} requests"
