"""The whole loop of the idea boxes, in Chromium, as people do it on the demo site: propose
(seeing the similar ideas first), support, comment, flag, moderate, answer officially,
notify. Fields are found by their labels and buttons by their names, so the test also checks
that the forms are labelled."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from parvis.comments.demo import ADVERTISER
from parvis.comments.services import post_comment
from parvis.core.models import User
from parvis.ideas.models import Idea
from parvis.moderation.services import accept_charter
from tests.e2e.conftest import expect, log_in

pytestmark = pytest.mark.browser

CITIZEN = "citoyenne@demo.parvis.test"
MODERATOR = "moderatrice@demo.parvis.test"
MANAGER = "gestionnaire@demo.parvis.test"
BOX = "budget-participatif-2027-idees"
SIMILAR = "Des arceaux vélos devant chaque école"  # a demo idea of that box
OTHERS_IDEA = "Des bancs à l'ombre le long des quais"  # proposed by another demo account
SPAM = "Tablettes reconditionnées à -50 % ce week-end, livraison offerte !"
NEW_CHARTER = "2026-2"  # published since the demo accounts accepted theirs
HIDING_REASON = "Publicité (règle 4 de la charte)"
ANSWER = "Des arceaux seront posés devant les écoles à la rentrée."
SUPPORTS = re.compile(r"^(\d+) soutiens?")


@pytest.fixture
def advert(demo_site):
    """An advertiser's comment on another person's idea."""
    advertiser = User.objects.get(pseudonym=ADVERTISER)
    accept_charter(advertiser)
    post_comment(Idea.objects.get(title=OTHERS_IDEA), advertiser, SPAM)
    return advertiser


def fill_proposal(page, site, title):
    """Open the box's proposal form and describe an idea, typing its title key by key."""
    page.goto(site + reverse("ideas:box", args=[BOX]))
    page.get_by_role("link", name="Proposer une idée").click()
    page.get_by_label("Titre de votre idée").press_sequentially(title)
    page.get_by_label("Description").fill("Rien ne permet d'attacher un vélo devant l'école.")
    page.get_by_label("Thème").select_option(label="Mobilités")
    page.get_by_label("Commune concernée").select_option(label="Bordeaux")


def accept_new_charter(page):
    """The proposal is refused until the new charter is accepted, from a link to it."""
    page.get_by_role("button", name="Relire avant de publier").click()
    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text("acceptez la charte de participation")
    refusal.get_by_role("link", name="Ouvrir cette page").click()
    page.get_by_label("J'ai lu la charte de participation").check()
    page.get_by_role("button", name="Accepter la charte").click()
    expect(page.get_by_role("status")).to_contain_text("vous avez accepté la charte")


def review_and_publish(page, title) -> str:
    """From the filled form to the published idea, past the similar ideas; its URL."""
    page.get_by_role("button", name="Relire avant de publier").click()
    similar = page.get_by_role("region", name="Des idées proches existent peut-être déjà")
    expect(similar.get_by_role("link", name=SIMILAR)).to_be_visible()
    page.get_by_role("button", name="Publier mon idée").click()
    expect(page.get_by_role("status")).to_contain_text("Votre idée est publiée")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return page.url


def support_count(page) -> int:
    return int(SUPPORTS.match(page.get_by_text(SUPPORTS).inner_text()).group(1))


def support_once(page):
    """Support the idea shown; the same button, still shown in another tab, adds nothing."""
    before = support_count(page)
    stale = page.context.new_page()
    stale.goto(page.url)
    page.get_by_role("button", name="Soutenir cette idée").click()
    expect(page.get_by_role("status")).to_contain_text("Merci pour votre soutien")
    assert support_count(page) == before + 1
    stale.get_by_role("button", name="Soutenir cette idée").click()
    expect(stale.get_by_role("status")).to_contain_text("Vous soutenez déjà cette idée")
    assert support_count(stale) == before + 1
    stale.close()


def comment_and_flag(page):
    """Comment on the idea shown, then flag the advert among its comments."""
    page.get_by_label("Votre message").fill("Oui, avec un point d'eau à côté.")
    page.get_by_role("button", name="Publier mon commentaire").click()
    expect(page.get_by_role("status")).to_contain_text("Votre commentaire est publié")
    expect(page.get_by_text("Oui, avec un point d'eau à côté.")).to_be_visible()
    page.get_by_role("listitem").filter(has_text=SPAM).get_by_role("link", name="Signaler").click()
    page.get_by_label("Spam ou publicité").check()
    page.get_by_label("Précisions").fill("Publicité sans rapport avec l'idée.")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_role("status")).to_contain_text("votre signalement a été transmis")


def hide_flagged_advert(page):
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Modération").click()
    page.get_by_role("listitem").filter(has_text=SPAM).get_by_role("link").click()
    page.get_by_label("Motif du masquage").fill(HIDING_REASON)
    page.get_by_role("button", name="Masquer la contribution").click()
    expect(page.get_by_role("status")).to_contain_text("Décision enregistrée")


def answer_officially(page, idea_url):
    page.goto(idea_url)
    page.get_by_label("Nouveau statut").select_option(label="retenue")
    page.get_by_label("Réponse officielle (publique)").fill(ANSWER)
    page.get_by_role("button", name="Publier la réponse").click()
    expect(page.get_by_role("status")).to_contain_text("La réponse est publiée")


def test_idea_loop(new_context, demo_site, advert, mailoutbox, settings):
    settings.MODERATION_CHARTER_VERSION = NEW_CHARTER
    title = "Plus d'arceaux à vélos près des écoles"
    answered = f"Votre idée « {title} » : retenue"

    # The citizen proposes an idea (accepting the new charter first) and publishes it.
    citizen = log_in(new_context, demo_site, CITIZEN)
    fill_proposal(citizen, demo_site, title)
    suggestions = citizen.get_by_text("Des idées proches existent peut-être déjà")
    expect(suggestions).to_be_visible()  # while she typed the title
    expect(citizen.get_by_role("link", name=SIMILAR)).to_be_visible()
    accept_new_charter(citizen)
    fill_proposal(citizen, demo_site, title)
    idea_url = review_and_publish(citizen, title)

    # She supports another person's idea, comments on it and flags the advert there.
    citizen.goto(demo_site + reverse("ideas:box", args=[BOX]))
    citizen.get_by_role("link", name=OTHERS_IDEA).click()
    others_idea_url = citizen.url
    support_once(citizen)
    comment_and_flag(citizen)
    citizen.context.close()

    # The moderator hides the advert; the public sees why in its place.
    hide_flagged_advert(log_in(new_context, demo_site, MODERATOR))
    public = new_context().new_page()
    public.goto(others_idea_url)
    placeholder = f"Contribution masquée par la modération : {HIDING_REASON}"
    expect(public.get_by_text(placeholder)).to_be_visible()
    expect(public.get_by_text(SPAM)).to_have_count(0)

    # The process manager answers; the citizen is told, in the site and by e-mail, and
    # the advertiser is told of the moderation's decision by e-mail.
    answer_officially(log_in(new_context, demo_site, MANAGER), idea_url)

    citizen = log_in(new_context, demo_site, CITIZEN)
    citizen.get_by_role("link", name=re.compile(r"^Notifications")).click()
    expect(citizen.get_by_role("listitem").filter(has_text=answered)).to_contain_text(ANSWER)
    expect(citizen.get_by_text("Votre contribution a été masquée")).to_have_count(0)

    emails = {(email.to[0], email.subject): email.body for email in mailoutbox}
    assert ANSWER in emails[CITIZEN, answered]
    assert settings.SITE_URL + urlsplit(idea_url).path in emails[CITIZEN, answered]
    hidden = emails[advert.email, "Votre contribution a été masquée par la modération"]
    assert HIDING_REASON in hidden
    assert "Ne plus recevoir ces e-mails" in hidden


def test_similar_ideas_without_javascript(new_context, demo_site):
    title = "Garer son vélo devant l'école"
    citizen = log_in(new_context, demo_site, CITIZEN, java_script_enabled=False)
    fill_proposal(citizen, demo_site, title)
    expect(citizen.get_by_role("link", name=SIMILAR)).to_have_count(0)
    review_and_publish(citizen, title)
