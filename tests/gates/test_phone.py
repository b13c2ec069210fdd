"""Every registered page on a phone 390 px wide: the document is no wider than the screen
(a table scrolls inside its own region: `.table-scroll`, focusable and named, see
`docs/architecture.md`), and no text shows raw Markdown (« **gras** », « [lien](https://…) »):
people's text goes through the `markdown` filter."""

import re

import pytest

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


def test_page_fits_a_phone_and_shows_no_raw_markdown(new_context, visit, public_page):
    check_on_a_phone(new_context, visit, public_page)


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
