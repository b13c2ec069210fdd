"""Look-alike pseudonyms: normalised (NFKC, no invisible characters) and refused when their
confusable skeleton is taken."""

import pytest
from django.urls import reverse

from parvis.core.models import User
from parvis.core.pseudonyms import normalise, skeleton

CYRILLIC_P, CYRILLIC_A = "\u0420", "\u0430"
ZERO_WIDTH_SPACE, ZERO_WIDTH_JOINER, RIGHT_TO_LEFT_MARK = "\u200b", "\u200d", "\u200f"


@pytest.mark.parametrize(
    "variant",
    [
        "PauI",  # capital i for l
        f"{CYRILLIC_P}{CYRILLIC_A}ul",  # Cyrillic letters
        f"Pa{ZERO_WIDTH_SPACE}ul",
        f"{RIGHT_TO_LEFT_MARK}Paul{ZERO_WIDTH_JOINER}",
        "ＰＡＵＬ",  # full-width
        "𝐏𝐚𝐮𝐥",  # mathematical bold
        "paul",
    ],
)
def test_look_alikes_share_a_skeleton(variant):
    assert skeleton(variant) == skeleton("Paul")


@pytest.mark.parametrize("other", ["Pauline", "Paule", "Saul", "Pâul"])
def test_different_pseudonyms_keep_different_skeletons(other):
    assert skeleton(other) != skeleton("Paul")


def test_normalising_removes_invisible_characters_and_extra_spaces():
    assert normalise(f" Jean{ZERO_WIDTH_SPACE}ne \u00a0 la\ufe0f  Bordelaise ") == (
        "Jeanne la Bordelaise")
    assert normalise("ＡＢＣ") == "ABC"


def registration(pseudonym):
    return {"email": "nouvelle@example.org", "pseudonym": pseudonym, "first_name": "",
            "last_name": "", "commune": "", "password1": "tartine-de-confiture-42",
            "password2": "tartine-de-confiture-42", "accept_terms": "on", "website": ""}


@pytest.mark.django_db
@pytest.mark.parametrize("pseudonym", [f"{CYRILLIC_P}{CYRILLIC_A}ul", f"Pa{ZERO_WIDTH_SPACE}ul",
                                       "PAUL", "PauI"])
def test_registration_refuses_a_look_alike_of_an_existing_pseudonym(client, make_user,
                                                                     pseudonym):
    """Regression: zero-width characters and Cyrillic letters passed for new pseudonyms."""
    make_user(pseudonym="Paul")
    response = client.post(reverse("accounts:register"), registration(pseudonym))
    assert "ressemble trop à un pseudonyme existant" in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_a_pseudonym_is_stored_normalised_with_its_skeleton(client, make_user):
    client.post(reverse("accounts:register"), registration(f" Zo{ZERO_WIDTH_SPACE}é  B "))
    user = User.objects.get(email="nouvelle@example.org")
    assert user.pseudonym == "Zoé B"
    assert user.pseudonym_skeleton == skeleton("Zoé B")


@pytest.mark.django_db
def test_a_profile_change_to_a_look_alike_is_refused_and_the_skeleton_follows_changes(
    client, make_user
):
    make_user(pseudonym="Paul")
    user = make_user(pseudonym="Lucie")
    client.force_login(user)
    form = {"pseudonym": f"{CYRILLIC_P}aul", "first_name": "", "last_name": "",
            "commune": "", "birth_date": ""}
    refused = client.post(reverse("accounts:profile"), form)
    assert "ressemble trop" in refused.content.decode()

    client.post(reverse("accounts:profile"), {**form, "pseudonym": "Lucie B"})
    user.refresh_from_db()
    assert (user.pseudonym, user.pseudonym_skeleton) == ("Lucie B", skeleton("Lucie B"))


@pytest.mark.django_db
def test_a_pseudonym_of_invisible_characters_only_is_refused(client):
    response = client.post(reverse("accounts:register"),
                           registration(ZERO_WIDTH_SPACE * 3))
    assert "caractères visibles" in response.content.decode()
