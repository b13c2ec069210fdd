"""An idea placed by its address (found by the server in the site's address base, as
without JavaScript) or on the map component of the form."""

import pytest

from parvis.core.demo_addresses import load_demo_addresses
from parvis.ideas.models import Idea
from tests.ideas.test_proposals import proposal, propose_url


@pytest.mark.django_db
def test_an_idea_placed_by_its_address(client, box, author, communes):
    load_demo_addresses()
    client.force_login(author)
    page = client.get(propose_url(box)).content.decode()
    assert 'data-map="pick"' in page and 'data-address="id_address"' in page
    client.post(propose_url(box), proposal(address="12 rue Sainte-Catherine, Bordeaux"))
    idea = Idea.objects.get()
    assert round(idea.latitude, 2) == 44.84 and round(idea.longitude, 2) == -0.58
    assert idea.commune.slug == "bordeaux"


@pytest.mark.django_db
def test_an_address_not_found_is_explained_and_the_text_kept(client, box, author, communes):
    load_demo_addresses()
    client.force_login(author)
    response = client.post(propose_url(box), proposal(address="42 rue Imaginaire"))
    page = response.content.decode()
    assert response.status_code == 200 and not Idea.objects.exists()
    assert "Cette adresse est introuvable" in page and "42 rue Imaginaire" in page
    assert "Devant la médiathèque" in page
