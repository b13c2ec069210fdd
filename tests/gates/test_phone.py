"""Every registered page on a phone 390 px wide: the document is no wider than the screen
(a table scrolls inside its own region: `.table-scroll`, focusable and named, see
`docs/architecture.md`), and no text shows raw Markdown (« **gras** », « [lien](https://…) »):
people's text goes through the `markdown` filter."""

import re

import pytest

from parvis.core.models import Role
from parvis.core.modules import PublicPage, signed_in
from parvis.pages import demo_citizen, demo_person_with

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
RAW_MARKDOWN = re.compile(r"\*\*\S|\]\(https?:|^#{1,6} \S", re.MULTILINE)
# Tables outside the shared scrolling region (a focusable, named `.table-scroll`).
UNWRAPPED_TABLES = """() => [...document.querySelectorAll("main table")]
  .filter(table => {
    const region = table.closest(".table-scroll");
    return !region || region.getAttribute("role") !== "region"
      || region.getAttribute("tabindex") !== "0" || !region.getAttribute("aria-label");
  })
  .map(table => (table.caption ? table.caption.textContent : table.outerHTML).slice(0, 80))"""

# The text of <main> but code and the fields' help (which may show how to write Markdown).
SHOWN_TEXT = """() => {
  document.querySelectorAll("main code, main pre, main [id$=_helptext]")
    .forEach(element => element.remove());
  return document.querySelector("main").innerText;
}"""


# Signed-in pages with tables beyond the registered ones: the agents' inbox and figures, the
# lending back office, the account page.
STAFF_PAGES = [
    PublicPage("report-inbox", "reports:inbox", session=signed_in(lambda: demo_person_with(
        Role.AGENT))),
    PublicPage("report-figures", "reports:figures", session=signed_in(lambda: demo_person_with(
        Role.AGENT))),
    *(PublicPage(f"lending-{name}", f"lending:{name}", session=signed_in(
        lambda: demo_person_with(Role.PROCESS_MANAGER))) for name in ("inventory", "loans",
                                                                     "incidents")),
    PublicPage("account", "accounts:profile", session=signed_in(demo_citizen)),
]


def test_page_fits_a_phone_and_shows_no_raw_markdown(new_context, visit, public_page):
    check_on_a_phone(new_context, visit, public_page)


@pytest.mark.parametrize("staff_page", STAFF_PAGES, ids=[page.name for page in STAFF_PAGES])
def test_signed_in_page_fits_a_phone(new_context, visit, staff_page):
    check_on_a_phone(new_context, visit, staff_page)


def check_on_a_phone(new_context, visit, public_page):
    page = new_context(viewport=PHONE).new_page()
    visit(page, public_page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (
        f"{public_page.name}: the page is {width} px wide on a {PHONE['width']} px screen")
    unwrapped = page.evaluate(UNWRAPPED_TABLES)
    assert not unwrapped, f"{public_page.name}: tables outside a named region: {unwrapped}"
    raw = RAW_MARKDOWN.findall(page.evaluate(SHOWN_TEXT))
    assert not raw, f"{public_page.name}: raw Markdown shown: {raw}"
