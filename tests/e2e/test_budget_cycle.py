"""A participatory budget from end to end, in Chromium, as people do it on the demo site: a
project submitted, reviewed (eligible, ineligible, merged), voted online (with and without
JavaScript) and at a help desk, then tallied, published and explained. Between the steps,
the process's phases are moved in the database, as time would move them."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from parvis.budgets import pabulib
from parvis.budgets.models import Project
from parvis.budgets.tally import Completion, Rule, tally
from parvis.core.models import Commune, User, VerificationLevel
from parvis.core.services.verification import Identity, IdentityDocument, record_in_person_check
from parvis.moderation.services import accept_charter
from parvis.processes.management.commands.load_demo import DEMO_PASSWORD
from parvis.processes.models import Phase
from tests.e2e.conftest import expect, log_in

pytestmark = pytest.mark.browser

BUDGET = "budget-participatif-2027"
MANAGER = "gestionnaire@demo.parvis.test"
HELPER = "aidant@demo.parvis.test"
PROPOSER, VOTER, OFFLINE_VOTER, DESK_VOTER = (
    f"{name.lower()}@exemple.fr" for name in ("Verger33", "Lea-Razon", "SansScript", "JeanneL"))
NEW_PROJECT = "Un verger partagé au parc Razon"
PLAYGROUND = "Une aire de jeux inclusive au parc Razon"  # demo, Pessac: 165 000 € of 300 000 €
FOUNTAINS = "Des fontaines à boire dans les parcs"  # demo, the metropolis' envelope
CYCLE_PATH = "Une piste cyclable continue le long de la Garonne"
GARAGES = "Des abris vélos sécurisés près des gares"
SKATEPARK = "Un skatepark couvert à Bordeaux Sud"
INELIGIBLE_REASON = "Non recevable : le terrain pressenti n'appartient pas à la métropole."
MERGE_REASON = "Deux projets pour les trajets à vélo : ils sont réunis."
OVER_BUDGET = re.compile(r"Votre sélection dépasse le budget de 15\s000\s€")  # 165 + 150 - 300
IDENTITY = Identity("Jeanne Marie", "Lafitte", date(1950, 3, 14), "F", "33318")  # Pessac
VOTER_IDENTITY = Identity("Léa", "Razon", date(1980, 6, 1), "F", "33318")
OFFLINE_IDENTITY = Identity("Nour", "Benali", date(1980, 6, 1), "F", "99350")  # Maroc
DESK_REFUSAL = "Cette personne a déjà voté au guichet le"


@pytest.fixture
def residents(demo_site):
    """People of Pessac: one who proposes, two who vote online, and one whose identity a help
    desk checked once (her account carries its hash), who votes on paper."""
    pessac = Commune.objects.get(name="Pessac")
    for email in (PROPOSER, VOTER, OFFLINE_VOTER, DESK_VOTER):
        person = User.objects.create_user(
            email, DEMO_PASSWORD, pseudonym=email.split("@")[0], commune=pessac,
            birth_date=date(1980, 6, 1), verification_level=VerificationLevel.EMAIL,
            email_confirmed_at=timezone.now(),
        )
        accept_charter(person)
    # The budget takes paper ballots: online voters are verified (in person here) too.
    for email, identity in ((VOTER, VOTER_IDENTITY), (OFFLINE_VOTER, OFFLINE_IDENTITY),
                            (DESK_VOTER, IDENTITY)):
        record_in_person_check(User.objects.get(email=HELPER), User.objects.get(email=email),
                               identity, IdentityDocument.NATIONAL_ID_CARD)


def open_phase(title):
    """Move the budget's phases in time so that the phase `title` began an hour ago."""
    phases = Phase.objects.filter(process__slug=BUDGET)
    shift = timezone.now() - timedelta(hours=1) - phases.get(title=title).starts_at
    phases.update(starts_at=F("starts_at") + shift, ends_at=F("ends_at") + shift)


def choose_option(select, text):
    """Select the option of `select` whose text contains `text` (amounts are formatted)."""
    select.select_option(select.locator("option", has_text=text).get_attribute("value"))


def submit_project(page, site):
    page.goto(site + reverse("budgets:budget", args=[BUDGET]))
    page.get_by_role("link", name="Déposer un projet").click()
    page.get_by_label("Titre du projet").fill(NEW_PROJECT)
    page.get_by_label("Description (obligatoire)").fill(
        "Des arbres fruitiers plantés avec les écoles, et des fruits pour tous.")
    choose_option(page.get_by_label("Enveloppe"), "Pessac")
    page.get_by_label("Coût estimé (en euros)").fill("140000")
    page.get_by_role("button", name="Déposer le projet").click()
    expect(page.get_by_role("status")).to_contain_text("Votre projet est déposé")
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_PROJECT)


def open_review(page, site, title):
    page.goto(site + reverse("budgets:review", args=[BUDGET]))
    page.get_by_role("link", name=title).click()


def review(page, site, title, decision, reason, cost=None):
    open_review(page, site, title)
    form = page.get_by_role("region", name="Analyse de faisabilité")
    if cost is not None:
        form.get_by_label("Coût retenu après analyse (en euros)").fill(str(cost))
    form.get_by_label("Décision").select_option(label=decision)
    form.get_by_label("Motif public").fill(reason)
    form.get_by_role("button", name="Enregistrer l'analyse").click()
    expect(page.get_by_role("status")).to_contain_text("L'analyse est enregistrée")


def merge(page, site, title, kept):
    open_review(page, site, title)
    form = page.get_by_role("region", name="Fusionner avec un projet proche")
    choose_option(form.get_by_label("Projet conservé"), kept)
    form.get_by_label("Motif public").fill(MERGE_REASON)
    form.get_by_role("button", name="Fusionner").click()
    expect(page.get_by_role("status")).to_contain_text("Les projets sont fusionnés")


def exceed_then_correct(page, site, javascript):
    """Choose too much in Pessac's envelope, see it refused, then correct the choice."""
    page.goto(site + reverse("budgets:vote", args=[BUDGET]))
    expect(page.get_by_label(GARAGES)).to_have_count(0)  # merged: not on the ballot
    expect(page.get_by_label(SKATEPARK)).to_have_count(0)  # ineligible, and not in Pessac
    pessac = page.get_by_role("group", name="Pessac")
    page.get_by_label(NEW_PROJECT).check()
    page.get_by_label(PLAYGROUND).check()
    meter = pessac.locator(".meter-text")
    if javascript:  # the meter follows the choices
        expect(meter).to_have_text(OVER_BUDGET)
    else:
        expect(meter).not_to_have_text(OVER_BUDGET)
    page.get_by_role("button", name="Vérifier mes choix").click()
    expect(page.get_by_role("alert")).to_contain_text("Votre bulletin est à corriger")
    expect(pessac.locator(".errorlist")).to_contain_text(OVER_BUDGET)
    expect(page.get_by_label(PLAYGROUND)).to_be_checked()  # the choices are kept
    page.get_by_label(PLAYGROUND).uncheck()


def confirm(page, message) -> str:
    """From the filled ballot to the receipt; its code."""
    page.get_by_role("button", name="Vérifier mes choix").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer mon vote")
    page.get_by_role("button", name="Confirmer mon vote").click()
    expect(page.get_by_role("status")).to_contain_text(message)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon reçu de vote")
    return page.locator(".receipt-code").inner_text()


def identify_at_desk(page):
    page.get_by_label("Prénoms").fill(IDENTITY.given_names)
    page.get_by_label("Nom de naissance").fill(IDENTITY.family_name.upper())
    page.get_by_label("Date de naissance").fill(IDENTITY.birthdate.isoformat())
    page.get_by_label("Sexe").select_option(label="féminin")
    page.get_by_label("Rechercher le lieu de naissance").fill("PESSAC (33)")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_label(re.compile(r"^Lieu de naissance")).select_option(label="Pessac (33)")
    page.get_by_label("Commune de résidence").select_option(label="Pessac")
    page.get_by_label("Pièce vérifiée").select_option(label="carte nationale d'identité")
    page.get_by_label("J'ai vérifié l'original de la pièce").check()
    page.get_by_role("button", name="Vérifier et saisir le bulletin").click()


def vote_at_desk(page, site) -> str:
    page.goto(site + reverse("budgets:desk", args=[BUDGET]))
    page.get_by_label("Guichet").fill("Mairie de Pessac, accueil")
    page.get_by_role("button", name="Ouvrir la session").click()
    identify_at_desk(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Saisir le bulletin papier")
    expect(page.get_by_text("jeannel", exact=True)).to_be_visible()  # her verified account
    page.get_by_label(PLAYGROUND).check()
    page.get_by_label(FOUNTAINS).check()
    page.get_by_role("button", name="Enregistrer le bulletin").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reçu de vote")
    code = page.locator(".receipt-code").inner_text()
    page.get_by_role("link", name="Saisir le bulletin d'une autre personne").click()
    identify_at_desk(page)
    expect(page.get_by_role("alert")).to_contain_text(DESK_REFUSAL)
    return code


def laureates(page, envelope) -> set[str]:
    table = page.get_by_role("table", name=f"Projets lauréats : {envelope}")
    return set(table.get_by_role("rowheader").all_inner_texts()) if table.count() else set()


def retallied(page, envelope) -> set[str]:
    """The titles the anonymised ballots of an envelope select, tallied again here."""
    link = page.get_by_role("link", name=f"Bulletins anonymisés : {envelope} (format pabulib)")
    with page.expect_download() as download:
        link.click()
    election = pabulib.parse(Path(download.value.path()).read_text(encoding="utf-8"))
    selected = tally(election, Rule.EQUAL_SHARES, Completion.ADD1).selected
    return set(Project.objects.filter(pk__in=selected).values_list("title", flat=True))


def test_budget_cycle(new_context, demo_site, residents):
    # Submission: a resident of Pessac proposes a project to her commune's envelope.
    submit_project(log_in(new_context, demo_site, PROPOSER), demo_site)

    # Review: the manager accepts it at a reviewed cost, rejects another, merges two.
    manager = log_in(new_context, demo_site, MANAGER)
    review(manager, demo_site, NEW_PROJECT, "recevable", "Recevable : le terrain est libre ;"
           " le coût retenu comprend l'arrosage.", cost=150_000)
    review(manager, demo_site, SKATEPARK, "non recevable", INELIGIBLE_REASON)
    merge(manager, demo_site, GARAGES, CYCLE_PATH)
    public = new_context().new_page()
    public.goto(demo_site + reverse("budgets:projects", args=[BUDGET]))
    public.get_by_role("link", name=SKATEPARK).click()
    expect(public.get_by_text(INELIGIBLE_REASON)).to_be_visible()

    # Vote, online: one voter goes over the envelope, corrects and confirms.
    open_phase("Vote")
    voter = log_in(new_context, demo_site, VOTER)
    exceed_then_correct(voter, demo_site, javascript=True)
    voter.get_by_label(CYCLE_PATH).check()
    receipt = confirm(voter, "Merci, votre vote est enregistré")

    # Another does the same without JavaScript, then changes her ballot.
    offline = log_in(new_context, demo_site, OFFLINE_VOTER, java_script_enabled=False)
    exceed_then_correct(offline, demo_site, javascript=False)
    first_receipt = confirm(offline, "Merci, votre vote est enregistré")
    offline.get_by_role("link", name="Modifier mon bulletin").click()
    expect(offline.get_by_label(NEW_PROJECT)).to_be_checked()
    offline.get_by_label(FOUNTAINS).check()
    assert confirm(offline, "Votre bulletin est modifié") == first_receipt
    expect(offline.get_by_role("listitem").filter(has_text=FOUNTAINS)).to_have_count(1)

    # At a help desk, a paper ballot for a person identified there; she cannot vote again,
    # at the desk (above) nor online.
    vote_at_desk(log_in(new_context, demo_site, HELPER), demo_site)
    desk_voter = log_in(new_context, demo_site, DESK_VOTER)
    desk_voter.goto(demo_site + reverse("budgets:vote", args=[BUDGET]))
    expect(desk_voter.get_by_text("Vous avez voté au guichet le")).to_be_visible()
    expect(desk_voter.get_by_role("button", name="Vérifier mes choix")).to_have_count(0)

    # The vote closes: the manager publishes the results.
    open_phase("Résultats et réalisation")
    manager.goto(demo_site + reverse("budgets:budget", args=[BUDGET]))
    manager.get_by_role("link", name="Prévisualiser et publier les résultats").click()
    manager.get_by_role("button", name="Publier les résultats").click()
    expect(manager.get_by_role("status")).to_contain_text("Les résultats sont publiés")

    # Everyone sees the results; the anonymised ballots give the same winners again.
    public.goto(demo_site + reverse("budgets:budget", args=[BUDGET]))
    public.get_by_role("link", name="Les résultats du vote").click()
    expect(public.get_by_text("après le dépouillement de 3 bulletins")).to_be_visible()
    assert NEW_PROJECT in laureates(public, "Pessac")
    assert PLAYGROUND not in laureates(public, "Pessac")
    assert FOUNTAINS in laureates(public, "Toute la métropole")
    for envelope in ("Toute la métropole", "Pessac"):
        assert retallied(public, envelope) == laureates(public, envelope)

    # With her receipt code, the first voter sees how her share was spent.
    public.get_by_role("link", name="Comprendre mon vote avec mon code de reçu").click()
    public.get_by_label("Code de reçu").fill(receipt)
    public.get_by_role("button", name="Voir mon vote").click()
    pessac = public.get_by_role("region", name="Pessac", exact=True)
    expect(pessac).to_contain_text("Votre part était de")
    expect(pessac.get_by_role("row").filter(has_text=NEW_PROJECT)).to_contain_text("Lauréat")
    expect(public.get_by_role("region", name="Toute la métropole").get_by_role(
        "rowheader")).to_have_text([re.compile(CYCLE_PATH)])
