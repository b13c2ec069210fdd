"""The registry of public pages the gates walk: every page resolves and answers, with
the demo data, even where no browser is installed to run the gates; and no public page is
left out of it."""

import html
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

from parvis.pages import public_pages


def test_page_names_are_unique():
    names = [page.name for page in public_pages()]
    assert len(set(names)) == len(names), names


def test_public_page_answers(client, demo_data, db, public_page):
    if session_key := public_page.new_session_key():
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    response = client.get(public_page.path())
    assert response.status_code == public_page.status, (
        f"{public_page.name}: HTTP {response.status_code}")
    assert b"<h1" in response.content, f"{public_page.name}: no <h1>"


# Addresses the crawl does not open: the back office, the machine interfaces, files (a
# name with an extension: .ics, .csv, .pdf…).
NOT_PAGES = ("/gestion/", "/api/", "/open311/", "/static/", "/media/")
HREF = re.compile(r'href="(/[^"#]*)')
FILE = re.compile(r"\.[a-z0-9]+$")
PER_ROUTE = 2  # addresses opened per route: enough to find its pages, few enough to be quick


def route_of(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def view_of(path: str):
    """The view answering `path`: routes of one view (this month, another month) show the
    same page."""
    return resolve(urlsplit(path).path).func


def test_every_public_page_is_gated(client, demo_data, db):
    """Crawl the demo site as a visitor without an account, from the home page and the
    gated pages: every HTML page found answers through a route the gates walk."""
    gated = {view_of(page.path()) for page in public_pages() if page.status == 200}
    to_open = ["/", *(page.path() for page in public_pages() if page.session is None)]
    opened: dict[str, int] = {}
    public: dict[str, str] = {}
    seen = set(to_open)
    while to_open:
        path = to_open.pop()
        route = route_of(path)
        if route is None or opened.get(route, 0) >= PER_ROUTE:
            continue
        opened[route] = opened.get(route, 0) + 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        public.setdefault(route, path)
        for link in HREF.findall(html.unescape(response.content.decode())):
            if (link not in seen and not link.startswith(NOT_PAGES)
                    and not FILE.search(urlsplit(link).path)):
                seen.add(link)
                to_open.append(link)
    missing = {route: path for route, path in public.items() if view_of(path) not in gated}
    assert not missing, (
        "Public pages no gate walks (add a PublicPage to the module's `public_pages`):\n"
        + "\n".join(f"- {route}: {path}" for route, path in sorted(missing.items())))
