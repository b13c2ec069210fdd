import html
import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from parvis.core import birthplaces
from parvis.core.models import AuditEntry, Role, User, Verification, VerificationLevel
from parvis.core.names import normalise_name
from parvis.core.services.verification import (
    FINGERPRINT_VERSION,
    Identity,
    IdentityDocument,
    VerificationError,
    identity_hash,
    identity_hashes,
    record_in_person_check,
)

IDENTITY_FORM = {
    "given_names": "Éloïse Marie",
    "family_name": "Delacroix-Pérez",
    "birthdate": "1984-03-09",
    "gender": "F",
    "birthplace_search": "Bordeaux (33)",
    "birthplace": "33063",
    "document": "cni",
    "document_checked": "on",
}
# The identity as an identity provider sends it: Bordeaux's INSEE code.
IDENTITY = Identity("ELOISE MARIE", "DELACROIX PEREZ", date(1984, 3, 9), "F", "33063")


@pytest.fixture
def agent(make_staff, make_service):
    return make_staff(Role.AGENT, service=make_service(), pseudonym="Agente")


@pytest.fixture
def helper(make_staff):
    return make_staff(Role.HELPER, pseudonym="Aidant")


@pytest.fixture
def person(make_user):
    return make_user(email="camille@example.org", pseudonym="Camille33")


def person_url(person):
    return reverse("verification:person", args=[person.pk])


def record_check(client, person, **changes):
    return client.post(person_url(person), {**IDENTITY_FORM, **changes})


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["search", "person"])
def test_anonymous_people_are_sent_to_login(client, person, url_name):
    url = person_url(person) if url_name == "person" else reverse("verification:search")
    for response in (client.get(url), client.post(url, IDENTITY_FORM)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert Verification.objects.count() == 0


@pytest.mark.django_db
def test_citizens_are_refused(client, make_user, person):
    client.force_login(make_user())
    assert client.get(reverse("verification:search"), {"q": "camille"}).status_code == 403
    assert client.get(person_url(person)).status_code == 403
    assert record_check(client, person).status_code == 403
    person.refresh_from_db()
    assert person.verification_level == VerificationLevel.NONE
    assert not AuditEntry.objects.filter(action__startswith="verification.").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role_user", ["agent", "helper"])
def test_agents_and_helpers_use_the_help_desk(client, request, person, role_user):
    client.force_login(request.getfixturevalue(role_user))
    response = client.get(reverse("verification:search"))
    assert response.status_code == 200
    assert "empreinte salée" in response.content.decode()
    assert client.get(person_url(person)).status_code == 200


@pytest.mark.django_db
def test_search_by_email_or_pseudonym_prefix_and_audit(client, agent, person, make_user):
    make_user(email="camillo@example.org", pseudonym="Zed")
    make_user(email="autre@example.org", pseudonym="CamDeleted", deleted_at=timezone.now())
    make_user(email="camoff@example.org", pseudonym="CamInactive", is_active=False)
    client.force_login(agent)

    def found(query):
        response = client.get(reverse("verification:search"), {"q": query})
        assert response.status_code == 200
        return {user.pseudonym for user in response.context["people"]}

    assert found("camille@example.org") == {"Camille33"}
    assert found("cam") == {"Camille33", "Zed"}
    assert found("CAMILLE3") == {"Camille33"}
    assert found("ca") == set()  # too short for a prefix search
    entry = AuditEntry.objects.filter(action="verification.search").first()
    assert entry.actor == agent
    assert entry.data == {"query": "ca", "results": 0}
    assert AuditEntry.objects.filter(action="verification.search").count() == 4


@pytest.mark.django_db
def test_search_lists_at_most_twenty_people(client, agent, make_user):
    for number in range(22):
        make_user(email=f"dupont{number}@example.org", pseudonym=f"Dupont{number}")
    client.force_login(agent)
    response = client.get(reverse("verification:search"), {"q": "dupont"})
    assert len(response.context["people"]) == 20
    assert "Seuls les 20 premiers comptes" in response.content.decode()


@pytest.mark.django_db
def test_deleted_people_cannot_be_opened(client, agent, make_user):
    gone = make_user(deleted_at=timezone.now())
    client.force_login(agent)
    assert client.get(person_url(gone)).status_code == 404
    assert record_check(client, gone).status_code == 404


@pytest.mark.django_db
def test_person_page_shows_account_and_is_audited(client, helper, person):
    client.force_login(helper)
    content = client.get(person_url(person)).content.decode()
    assert "Camille33" in content
    assert "camille@example.org" in content
    assert "Aucune" in content
    assert AuditEntry.objects.filter(
        action="verification.person_viewed", actor=helper, target_id=str(person.pk)
    ).exists()


@pytest.mark.django_db
def test_recording_a_check_raises_the_level_and_keeps_only_the_hash(
    client, agent, person, communes
):
    client.force_login(agent)
    response = record_check(client, person)
    assert response.status_code == 302
    assert "est enregistrée" in client.get(response.url).content.decode()

    person.refresh_from_db()
    assert person.verification_level == VerificationLevel.IN_PERSON
    assert person.identity_hash == identity_hash(IDENTITY)
    verification = Verification.objects.get(user=person)
    assert verification.method == Verification.Method.IN_PERSON
    assert verification.provider == "cni"
    assert verification.verified_by == agent
    entry = AuditEntry.objects.get(action="verification.recorded")
    assert (entry.actor, entry.target_id) == (agent, str(person.pk))

    stored = [
        *User.objects.filter(pk=person.pk).values().get().values(),
        *Verification.objects.filter(user=person).values().get().values(),
        *(str(data) for data in AuditEntry.objects.values_list("data", flat=True)),
    ]
    text = " ".join(str(value) for value in stored).lower()
    for attribute in ("éloïse", "eloise", "delacroix", "pérez", "1984"):
        assert attribute not in text


@pytest.mark.django_db
def test_same_identity_on_another_account_is_refused(client, agent, person, make_user, communes):
    first = make_user()
    client.force_login(agent)
    record_check(client, first)
    # The same person, birthplace typed as the INSEE code and the names in another case.
    response = record_check(
        client, person, birthplace_search="", given_names="eloise  marie",
        family_name="DELACROIX PEREZ"
    )
    assert response.status_code == 200
    assert "déjà associée à un autre compte vérifié" in response.content.decode()
    person.refresh_from_db()
    assert person.verification_level == VerificationLevel.NONE
    assert person.identity_hash is None
    assert not Verification.objects.filter(user=person).exists()


@pytest.mark.django_db
def test_form_errors_keep_what_was_typed(client, agent, person):
    client.force_login(agent)
    response = record_check(client, person, document_checked="", birthdate="2999-01-01")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Cochez cette case après avoir vérifié" in content
    assert "Vérifiez la date de naissance." in content
    assert 'value="Delacroix-Pérez"' in content
    assert 'value="Bordeaux (33)"' in content
    assert '<option value="33063" selected>Bordeaux (33)</option>' in content
    assert '<option value="cni" selected>' in content
    person.refresh_from_db()
    assert person.verification_level == VerificationLevel.NONE
    assert not Verification.objects.exists()


@pytest.mark.django_db
def test_an_agent_cannot_verify_their_own_account(client, agent):
    client.force_login(agent)
    response = record_check(client, agent)
    assert "votre propre vérification" in response.content.decode()
    agent.refresh_from_db()
    assert agent.verification_level == VerificationLevel.NONE


@pytest.mark.django_db
def test_the_birthplace_is_searched_then_picked_without_javascript(client, agent, person):
    client.force_login(agent)
    found = record_check(client, person, find_birthplace="1", birthplace_search="Lyon 3e (69)",
                         birthplace="")
    content = found.content.decode()
    assert found.status_code == 200
    assert '<option value="69383">Lyon 3e Arrondissement (69)</option>' in content
    assert 'value="Delacroix-Pérez"' in content  # what was typed stays
    assert "errorlist" not in content  # a search is not a submission
    assert not Verification.objects.exists()
    abroad = record_check(client, person, find_birthplace="1", birthplace_search="espagne")
    assert '<option value="99134">Espagne (pays)</option>' in abroad.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "message"), [
    ("Espagne", "Choisissez le lieu de naissance dans la liste"),
    ("Bordeaux (33)", "Choisissez le lieu de naissance dans la liste"),
    ("99999", "Choisissez le lieu de naissance dans la liste"),
    ("", "Recherchez le lieu de naissance, puis choisissez-le"),
])
def test_a_birthplace_typed_freely_is_refused(client, agent, person, typed, message):
    client.force_login(agent)
    response = record_check(client, person, birthplace=typed)
    assert message in html.unescape(response.content.decode())
    person.refresh_from_db()
    assert person.identity_hash is None


@pytest.mark.django_db
def test_twins_differing_by_a_second_given_name_or_gender_are_two_people(
    agent, make_user, communes
):
    twins = [("Camille Anne", "F"), ("Camille Paul", "M"), ("Camille Paul", "F")]
    people = []
    for given_names, gender in twins:
        person = make_user()
        record_in_person_check(agent, person, Identity(given_names, "Martin", date(2001, 5, 2),
                                                       gender, "33063"),
                               IdentityDocument.NATIONAL_ID_CARD)
        person.refresh_from_db()
        people.append(person)
    assert len({person.identity_hash for person in people}) == 3
    assert {person.identity_hash_version for person in people} == {FINGERPRINT_VERSION}


@pytest.mark.django_db
def test_a_key_rotation_keeps_recognising_people(settings, agent, make_user):
    old_key = settings.IDENTITY_HASH_KEY
    first, second = make_user(), make_user()
    record_in_person_check(agent, first, IDENTITY, IdentityDocument.PASSPORT)
    settings.IDENTITY_HASH_KEY = "a-brand-new-key-of-more-than-32-characters"
    settings.IDENTITY_HASH_PREVIOUS_KEYS = [old_key]
    with pytest.raises(VerificationError, match="déjà associée"):
        record_in_person_check(agent, second, IDENTITY, IdentityDocument.PASSPORT)
    # The same person checked again: the fingerprint is re-made with the new key.
    record_in_person_check(agent, first, IDENTITY, IdentityDocument.PASSPORT)
    first.refresh_from_db()
    assert first.identity_hash == identity_hash(IDENTITY) != identity_hashes(IDENTITY)[1]


@pytest.mark.django_db
def test_version_1_fingerprints_are_reset_for_a_new_verification(make_user):
    migration = importlib.import_module(
        "parvis.core.migrations.0003_identity_fingerprint_version")
    old = make_user(verification_level=VerificationLevel.IN_PERSON, identity_hash="a" * 64,
                    identity_hash_version=1, email_confirmed_at=timezone.now())
    untouched = make_user(verification_level=VerificationLevel.EMAIL)
    migration.reset_version_1_fingerprints(django_apps, None)
    old.refresh_from_db()
    untouched.refresh_from_db()
    assert (old.identity_hash, old.verification_level) == (None, VerificationLevel.EMAIL)
    assert untouched.verification_level == VerificationLevel.EMAIL
    entry = AuditEntry.objects.get(action="verification.fingerprint_reset")
    assert entry.target_id == str(old.pk) and entry.data["from_level"] == 20


SEPARATORS = ["-", "‐", "‑", "–", "—", "'", "’", "ʼ", ",", " ", "\t", "\u00a0", "  "]


@given(words=st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèêëàâîïôöûüçœæ",
                              min_size=1, max_size=8), min_size=1, max_size=4),
       separators=st.data())
def test_names_normalise_the_same_whatever_the_separators_and_case(words, separators):
    joined = words[0]
    for word in words[1:]:
        joined += separators.draw(st.sampled_from(SEPARATORS)) + word
    assert normalise_name(joined) == normalise_name(" ".join(words).upper())
    assert normalise_name(normalise_name(joined)) == normalise_name(joined)
    assert set(normalise_name(joined)) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ")


@given(st.text())
def test_normalising_any_text_gives_plain_words(text):
    normalised = normalise_name(text)
    assert normalised == normalised.strip() and "  " not in normalised
    assert set(normalised) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ")


@given(st.text(max_size=40))
def test_searching_any_text_gives_known_places(query):
    for place in birthplaces.search(query):
        assert birthplaces.canonical_code(place.code) == place.canonical
        assert birthplaces.get(place.canonical).canonical == place.canonical


def test_every_code_of_the_list_stands_for_a_current_place():
    places = birthplaces.places()
    assert len(places) > 39_000
    for place in places:
        target = birthplaces.get(place.canonical)
        assert target is not None and target.canonical == target.code, place


@pytest.mark.django_db
def test_names_without_latin_letters_are_refused(client, agent, person):
    client.force_login(agent)
    response = record_check(client, person, given_names="李 ——")
    assert "Saisissez le nom en lettres latines" in html.unescape(response.content.decode())
    assert not Verification.objects.exists()
