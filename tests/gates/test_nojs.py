"""Every public page works without JavaScript: it loads and shows its main content."""

import pytest

pytestmark = pytest.mark.browser


def test_page_works_without_javascript(new_context, visit, public_page):
    page = new_context(java_script_enabled=False).new_page()
    visit(page, public_page)
    heading = page.locator("main h1")
    assert heading.count() == 1, f"{public_page.name}: expected one <h1> in <main>"
    assert heading.is_visible() and heading.inner_text().strip(), public_page.name
