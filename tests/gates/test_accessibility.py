"""Accessibility gate: axe-core finds no WCAG 2.1 A/AA violation on any public page,
on a phone and on a desktop screen, nor on a form showing its errors."""

import pytest

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"mobile": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}


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


def test_page_has_no_wcag_violation(new_context, visit, public_page, gate_figures):
    page = new_context().new_page()
    visit(page, public_page)
    columns = {f"axe {viewport}": viewport for viewport in VIEWPORTS}
    check(page, public_page.name, columns, gate_figures)


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
