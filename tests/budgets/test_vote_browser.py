"""The ballot in Chromium: the budget meter follows the choices (budget-meter.js, under the
strict CSP), and axe-core finds no WCAG 2.1 A/AA violation on the pages of a vote, online
and at a help desk, including a ballot showing its errors."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from parvis.budgets.models import Ballot, BallotFormat
from parvis.core.models import Role, VerificationLevel
from tests.budgets.conftest import metropolis
from tests.gates.test_accessibility import VIEWPORTS, axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_page(new_context, live_server, user):
    """A browser page with the session of `user` (as after logging in), and the errors its
    console reports (a script refused by the CSP, a script error)."""
    client = Client()
    client.force_login(user)
    context = new_context(viewport=VIEWPORTS["mobile"])
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


def assert_accessible(page, label):
    violations = axe_violations(page)
    assert not violations, "\n".join([label, *describe(violations)])


def meter_text(page, sub_budget) -> str:
    text = page.locator(f"#compteur-{sub_budget.pk}").inner_text()
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_meter_and_accessible_vote(new_context, live_server, make_vote, voter):
    budget = make_vote(ballot_format=BallotFormat.KNAPSACK)  # 60 000 € for the metropolis
    envelope = metropolis(budget)
    cheap, middle, dear = envelope.projects.order_by("estimated_cost")  # 17, 25, 30 000 €
    page, errors = signed_in_page(new_context, live_server, voter)
    page.goto(live_server.url + reverse("budgets:vote", args=[budget.slug]))
    assert meter_text(page, envelope) == "Sélection : 0 € sur 60 000 €."
    for project in (cheap, middle, dear):
        page.get_by_label(f"{project.title} — ", exact=False).check()
    assert meter_text(page, envelope) == "Votre sélection dépasse le budget de 12 000 €."
    assert_accessible(page, "ballot")

    with page.expect_navigation():  # the server's answer, before checking it
        page.get_by_role("button", name="Vérifier mes choix").click()
    assert "Votre sélection dépasse le budget de 12" in page.locator(
        f"#enveloppe-{envelope.pk}-erreur").inner_text()
    assert_accessible(page, "ballot with errors")
    page.get_by_label(f"{cheap.title} — ", exact=False).uncheck()
    assert meter_text(page, envelope) == "Sélection : 55 000 € sur 60 000 €."
    page.get_by_role("button", name="Vérifier mes choix").click()
    page.wait_for_url("**/voter/confirmer/")
    assert_accessible(page, "confirmation")
    page.get_by_role("button", name="Confirmer mon vote").click()
    page.wait_for_url("**/recu/")
    code = Ballot.objects.get().receipt_code
    assert code in page.locator(".receipt-code").inner_text()
    assert_accessible(page, "receipt")
    assert errors == []


def test_accessible_desk(new_context, live_server, make_vote, make_staff, make_service,
                         communes, settings):
    settings.BUDGETS_DESK_CONFIRMATION_THRESHOLD = 0  # the session then awaits a colleague
    budget = make_vote(ballot_format=BallotFormat.CUMULATIVE, points=10, desk_voting=True,
                       vote_level=VerificationLevel.IN_PERSON)
    agent = make_staff(Role.AGENT, service=make_service())
    page, errors = signed_in_page(new_context, live_server, agent)
    page.goto(live_server.url + reverse("budgets:desk", args=[budget.slug]))
    assert_accessible(page, "desk sessions")
    page.get_by_label("Guichet").fill("Mairie de Bègles, accueil")
    with page.expect_navigation():
        page.get_by_role("button", name="Ouvrir la session").click()
    assert_accessible(page, "desk identity")
    page.get_by_label("Prénoms").fill("Éloïse")
    page.get_by_label("Nom de naissance").fill("Delacroix")
    page.get_by_label("Date de naissance").fill("1984-03-09")
    page.get_by_label("Sexe").select_option("F")
    page.get_by_label("Rechercher le lieu de naissance").fill("Bordeaux (33)")
    with page.expect_navigation():  # the search answers with the list, nothing recorded
        page.get_by_role("button", name="Rechercher").click()
    assert_accessible(page, "desk identity with birthplaces found")
    assert page.get_by_label("Prénoms").input_value() == "Éloïse"
    page.get_by_label(re.compile(r"^Lieu de naissance")).select_option("33063")
    page.get_by_label("Commune de résidence").select_option(label="Bordeaux")
    page.get_by_label("Pièce vérifiée").select_option("cni")
    page.get_by_label("J'ai vérifié l'original", exact=False).check()
    with page.expect_navigation():  # the server's answer, before checking it
        page.get_by_role("button", name="Vérifier et saisir le bulletin").click()
    envelope = metropolis(budget)
    first = envelope.projects.order_by("estimated_cost").first()
    page.get_by_label(f"Points pour « {first.title} »", exact=False).fill("12")
    assert meter_text(page, envelope) == "Vous avez réparti 12 points : 10 au plus."
    assert_accessible(page, "desk ballot")
    with page.expect_navigation():  # the server's answer, before checking it
        page.get_by_role("button", name="Enregistrer le bulletin").click()
    assert_accessible(page, "desk ballot with errors")
    page.get_by_label(f"Points pour « {first.title} »", exact=False).fill("10")
    page.get_by_role("button", name="Enregistrer le bulletin").click()
    page.wait_for_url("**/guichet/recu/**")
    assert_accessible(page, "desk receipt")
    assert Ballot.objects.get().channel == "desk"
    page.goto(live_server.url + reverse("budgets:desk", args=[budget.slug]))
    with page.expect_navigation():
        page.get_by_role("button", name="Fermer la session").click()
    assert page.get_by_role("button", name="Confirmer le décompte", exact=False).count() == 1
    assert_accessible(page, "desk sessions awaiting confirmation")
    assert errors == []
