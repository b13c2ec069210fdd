"""A citizen votes on a phone, with and without JavaScript, in the demo's open vote, then
finds the receipt code of the ballot in « Mon espace »."""

import pytest

from parvis.budgets import demo_vote
from tests.e2e.conftest import expect, log_in_on_a_phone

pytestmark = pytest.mark.browser

CITIZEN = "citoyenne@demo.parvis.test"
BUDGET_TITLE = "Budget participatif jeunesse 2026"
CHOSEN = [demo_vote.PROJECTS[0][0], demo_vote.PROJECTS[4][0]]


def open_menu_link(page, name):
    """On a phone the menu folds behind « Menu » (a link to #menu, with or without JS)."""
    page.get_by_role("link", name="Menu", exact=True).click()
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name=name, exact=True).click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_vote_on_a_phone_then_find_the_receipt_in_my_space(new_context, demo_site, javascript):
    page = log_in_on_a_phone(new_context, demo_site, CITIZEN, javascript)

    open_menu_link(page, "Budgets participatifs")
    page.get_by_role("link", name=BUDGET_TITLE).first.click()
    page.get_by_role("link", name="Voter pour vos projets préférés").click()
    for title in CHOSEN:
        page.get_by_label(title).check()
    page.get_by_role("button", name="Vérifier mes choix").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer mon vote")
    for title in CHOSEN:
        expect(page.get_by_role("main")).to_contain_text(title)
    page.get_by_role("button", name="Confirmer mon vote").click()
    expect(page.get_by_role("status")).to_contain_text("Merci, votre vote est enregistré")
    code = page.locator(".receipt-code").inner_text()
    assert len(code.replace("-", "")) >= 8

    open_menu_link(page, "Mon espace")
    receipt = page.get_by_role("main").get_by_text(code)
    expect(receipt).to_be_visible()
    page.get_by_role("link", name=BUDGET_TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon reçu de vote")
    expect(page.locator(".receipt-code")).to_have_text(code)
