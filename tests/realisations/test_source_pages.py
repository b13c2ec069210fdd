"""The page of what was adopted (a winning project, an idea « retenue », a call's laureates,
a strategy commitment) shows how its realisation stands and leads to it; the budgets keep no
realisation news of their own."""

from datetime import date

from django.urls import reverse

from parvis.budgets.models import ProjectStatus
from parvis.ideas import services as ideas
from parvis.ideas.models import Status as IdeaStatus
from parvis.realisations import services
from parvis.realisations.models import Realisation, Status


def pages(adopted) -> dict[str, str]:
    """The page of each adopted item, by source tool."""
    return {
        "budgets": adopted.project.get_absolute_url(),
        "ideas": adopted.idea.get_absolute_url(),
        "calls": reverse("calls:laureates", args=[adopted.laureate.call.slug]),
        "indicators": reverse("indicators:axis", args=[adopted.commitment.axis.slug]),
    }


def test_each_adopted_item_s_page_shows_its_realisation_and_links_to_it(
        client, adopted, realisations, manager):
    for source, realisation in realisations.items():
        services.update(realisation, manager, status=Status.IN_PROGRESS, progress=40)
        services.add_milestone(realisation, services.Step(date(2026, 3, 2), "Études"), manager)
        services.add_milestone(
            realisation, services.Step(date(2026, 5, 4), f"Chantier {source}"), manager)
    for source, url in pages(adopted).items():
        page = client.get(url).content.decode()
        assert "Suivi de la réalisation" in page, source
        assert "En cours · avancement 40 %" in page, source
        assert f"dernière étape : Chantier {source} (4 mai 2026)" in page, source
        assert (f'<a href="{realisations[source].get_absolute_url()}">Voir la réalisation et'
                " ses 2 étapes</a>") in page, source
    listing = reverse("budgets:projects", args=[adopted.project.budget.slug])
    assert "réalisation : en cours, 40 %" in client.get(listing).content.decode()


def test_no_follow_up_before_the_realisation_exists_nor_for_what_was_not_adopted(
        client, adopted, manager):
    for url in pages(adopted).values():
        assert "Suivi de la réalisation" not in client.get(url).content.decode()
    client.force_login(manager)
    review = client.get(reverse("budgets:review_project",
                                args=[adopted.project.budget.slug, adopted.project.pk]))
    assert "est suivie dans l'espace Réalisations" in review.content.decode()

    services.synchronise()
    adopted.project.status = ProjectStatus.NOT_SELECTED
    adopted.project.save()
    adopted.idea.status = IdeaStatus.REJECTED
    adopted.idea.save()
    for source in ("budgets", "ideas"):
        page = client.get(pages(adopted)[source]).content.decode()
        assert "Suivi de la réalisation" not in page, source


def test_an_idea_answered_retenue_is_followed_at_once(client, adopted, manager):
    adopted.idea.status = IdeaStatus.STUDYING
    adopted.idea.save()
    assert Realisation.objects.count() == 0
    ideas.answer(adopted.idea, manager, IdeaStatus.ACCEPTED, "Retenue : pose en mai.")
    realisation = Realisation.objects.get(source_key=f"ideas.idea:{adopted.idea.pk}")
    page = client.get(adopted.idea.get_absolute_url()).content.decode()
    assert f'<a href="{realisation.get_absolute_url()}">' in page


def test_a_commitment_set_up_in_the_back_office_is_followed_at_once(client, manager):
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    response = client.post(reverse("admin:indicators_axis_add"), {
        "number": 9, "title": "Sobriété", "slug": "sobriete", "description": "",
        "commitments-TOTAL_FORMS": 1, "commitments-INITIAL_FORMS": 0,
        "commitments-0-number": 1, "commitments-0-title": "Allonger la durée de vie",
    })
    assert response.status_code == 302
    axis_page = client.get(reverse("indicators:axis", args=["sobriete"])).content.decode()
    assert "Suivi de la réalisation" in axis_page
