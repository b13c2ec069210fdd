"""Accessibility gate: axe-core finds no WCAG 2.1 A/AA violation on any registered page,
on a phone and on a desktop screen, nor on a form showing its errors.

On the phone, the same visit also checks that the document is no wider than the screen (a
table scrolls inside its own region: `.table-scroll`, focusable and named, see
`docs/architecture.md`) and that no text shows raw Markdown (« **gras** »,
« [lien](https://…) »): people's text goes through the `markdown` filter."""

import re

import pytest

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"mobile": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
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
  const main = document.querySelector("main");
  const hidden = main.querySelectorAll("code, pre, [id$=_helptext]");
  hidden.forEach(element => { element.dataset.gateDisplay = element.style.display;
                              element.style.display = "none"; });
  const text = main.innerText;
  hidden.forEach(element => { element.style.display = element.dataset.gateDisplay; });
  return text;
}"""


def axe_violations(page) -> list[dict]:
    """Run axe-core (as bundled by axe-playwright-python) on the page as it is now."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        from axe_playwright_python.sync_playwright import Axe

        page.evaluate(Axe().axe_script)
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def describe(violations: list[dict]) -> list[str]:
    """What a developer needs to fix each violation: rule, impact, elements, help."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                     f" <{violation['helpUrl']}>")
        lines += [f"    at {', '.join(map(str, node['target']))}" for node in violation["nodes"]]
    return lines


def check(page, label: str, columns: dict[str, str], gate_figures):
    """Run axe at each viewport; `columns` names the figure of each viewport's run."""
    report = []
    for column, viewport in columns.items():
        page.set_viewport_size(VIEWPORTS[viewport])
        violations = axe_violations(page)
        gate_figures.setdefault(label, {})[column] = len(violations)
        if violations:
            report += [f"{label}, {viewport}: {len(violations)} WCAG 2.1 A/AA violation(s)",
                       *describe(violations)]
    assert not report, "\n".join(report)


def phone_problems(page, name: str) -> list[str]:
    """What does not fit the phone the page is shown on, and raw Markdown."""
    problems = []
    width, screen = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width > screen:
        problems.append(f"{name}: the page is {width} px wide on a {screen} px screen")
    if unwrapped := page.evaluate(UNWRAPPED_TABLES):
        problems.append(f"{name}: tables outside a named region: {unwrapped}")
    if raw := RAW_MARKDOWN.findall(page.evaluate(SHOWN_TEXT)):
        problems.append(f"{name}: raw Markdown shown: {raw}")
    return problems


def test_page_is_accessible_and_fits_a_phone(new_context, visit, public_page, gate_figures):
    page = new_context(viewport=VIEWPORTS["mobile"]).new_page()
    visit(page, public_page)
    problems = phone_problems(page, public_page.name)
    columns = {f"axe {viewport}": viewport for viewport in VIEWPORTS}
    try:
        check(page, public_page.name, columns, gate_figures)
    except AssertionError as violations:
        problems.append(str(violations))
    assert not problems, "\n".join(problems)


def test_form_showing_errors_has_no_wcag_violation(new_context, visit, form_page, gate_figures):
    page = new_context(viewport=VIEWPORTS["mobile"]).new_page()
    visit(page, form_page)
    forms = page.locator("main form[method=post]")
    assert forms.count(), f"{form_page.name}: no form to submit in <main>"
    form = forms.first
    form.evaluate("form => { form.noValidate = true; }")  # let the server judge the empty form
    with page.expect_navigation() as navigation:
        form.locator("[type=submit]").first.click()
    assert navigation.value.status == 200, f"{form_page.name}: HTTP {navigation.value.status}"
    assert page.locator("main .errorlist").count(), f"{form_page.name}: no error shown"
    check(page, form_page.name, {"axe form errors": "mobile"}, gate_figures)
