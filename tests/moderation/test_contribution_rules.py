from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from parvis.moderation.services import ContributionRefused, accept_charter, check_contribution


@pytest.fixture
def member(make_user):
    """An account older than the new-account period, charter accepted."""
    user = make_user(date_joined=timezone.now() - timedelta(days=30))
    accept_charter(user)
    return user


def refusal(user, text="Une idée."):
    with pytest.raises(ContributionRefused) as caught:
        check_contribution(user, text)
    return caught.value


def test_anonymous_and_inactive_people_cannot_contribute(make_user):
    assert "Connectez-vous" in refusal(AnonymousUser()).message
    inactive = make_user(is_active=False)
    accept_charter(inactive)
    assert "désactivé" in refusal(inactive).message


def test_the_charter_must_be_accepted_first_and_again_for_a_new_version(make_user, settings):
    user = make_user()
    refused = refusal(user)
    assert refused.url == reverse("moderation:charter")
    assert "charte de participation" in refused.message
    accept_charter(user)
    check_contribution(user, "Une idée.")
    settings.MODERATION_CHARTER_VERSION = "2027-1"
    assert refusal(user).url == reverse("moderation:charter")


def test_contributions_per_hour_are_limited(member, settings):
    settings.MODERATION_CONTRIBUTIONS_PER_HOUR = 3
    for number in range(3):
        check_contribution(member, f"Contribution {number} de l'heure.")
    refused = refusal(member)
    assert "limite de 3 contributions par heure" in refused.message
    assert "votre texte n'est pas perdu" in refused.message


def test_a_refused_text_does_not_count(member, settings):
    settings.MODERATION_CONTRIBUTIONS_PER_HOUR = 1
    too_many_links = " ".join(f"https://exemple.fr/{number}" for number in range(11))
    assert "liens" in refusal(member, too_many_links).message
    check_contribution(member, "Ma première de l'heure.")


def test_other_peoples_contributions_do_not_count(member, make_user, settings):
    settings.MODERATION_CONTRIBUTIONS_PER_HOUR = 1
    other = make_user()
    accept_charter(other)
    check_contribution(other, "Une contribution.")
    refusal(other)
    check_contribution(member, "Ma première de l'heure.")


def test_new_accounts_may_post_fewer_links(make_user):
    newcomer = make_user()
    accept_charter(newcomer)
    check_contribution(newcomer, "Voir https://exemple.fr/plan pour le détail.")
    refused = refusal(newcomer, "Voir https://exemple.fr et www.autre-exemple.fr")
    assert "2 liens" in refused.message
    assert "moins de 7 jours" in refused.message
    assert "en mettre 1 au plus" in refused.message


def test_older_accounts_may_post_up_to_ten_links(member):
    check_contribution(member, " ".join(f"https://exemple.fr/{n}" for n in range(10)))
    refused = refusal(member, " ".join(f"https://exemple.fr/{n}" for n in range(11)))
    assert "11 liens" in refused.message
    assert "en contenir 10 au plus" in refused.message


def test_link_limits_follow_the_settings(make_user, settings):
    settings.MODERATION_NEW_ACCOUNT_DAYS = 1
    settings.MODERATION_NEW_ACCOUNT_LINKS = 0
    two_days_old = make_user(date_joined=timezone.now() - timedelta(days=2))
    newcomer = make_user()
    for user in (two_days_old, newcomer):
        accept_charter(user)
    check_contribution(two_days_old, "Source : https://exemple.fr")
    assert "en mettre 0 au plus" in refusal(newcomer, "Source : https://exemple.fr").message
