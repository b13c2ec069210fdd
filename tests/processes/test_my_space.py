"""« Mon espace »: where signing in leads; what awaits staff first, then each tool's
section; a bounded number of queries whatever the number of entries."""

from django.urls import reverse

from parvis.core.modules import Entry, Section

MY_SPACE = reverse("my_space")


def test_it_is_for_signed_in_people(client, db):
    response = client.get(MY_SPACE)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={MY_SPACE}"


def test_signing_in_leads_there_unless_a_next_page_is_given(client, citizen):
    citizen(email="bob@example.org")
    credentials = {"email": "bob@example.org", "password": "un-mot-de-passe-solide"}
    assert client.post(reverse("accounts:login"), credentials).url == MY_SPACE
    client.logout()
    response = client.post(reverse("accounts:login"), {**credentials, "next": "/agenda/"})
    assert response.url == "/agenda/"


def test_a_newcomer_is_shown_where_to_start(client, citizen):
    client.force_login(citizen())
    page = client.get(MY_SPACE).content.decode()
    assert "Pour commencer" in page and "À traiter" not in page
    assert f'href="{reverse("processes:list")}?status=open"' in page
    assert f'href="{reverse("agenda:list")}"' in page


def test_modules_bring_their_sections_and_to_dos(client, citizen, register_module):
    register_module(
        my_space=lambda user: [
            Section("Mes essais", [Entry("Essai n° 1", "/essai/1/", "en cours",
                                         links=[("Calendrier", "/essai/1.ics")])]),
            Section("Section vide", []),
        ],
        awaiting=lambda user: [Entry("3 essais à relire", "/essais/")],
    )
    client.force_login(citizen())
    page = client.get(MY_SPACE).content.decode()
    assert "À traiter" in page and '<a href="/essais/">3 essais à relire</a>' in page
    assert "Mes essais" in page and '<a href="/essai/1.ics">Calendrier</a>' in page
    assert "en cours" in page
    assert "Section vide" not in page and "Pour commencer" not in page


def test_a_manager_finds_the_processes_they_manage(client, manager, make_process):
    make_process(title="Budget participatif 2027", published=False)
    client.force_login(manager)
    page = client.get(MY_SPACE).content.decode()
    assert "Démarches que je gère" in page and "Budget participatif 2027" in page
    assert "brouillon" in page


def test_the_menu_leads_there(client, citizen):
    client.force_login(citizen())
    page = client.get(reverse("home")).content.decode()
    assert f'href="{MY_SPACE}">Mon espace</a>' in page
    assert 'href="/gestion/"' not in page  # no back office for a citizen
