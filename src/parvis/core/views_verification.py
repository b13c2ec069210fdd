"""Identity verification: the help desk (agents and helpers) and OpenID Connect providers."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from parvis.core.decorators import allowed_only
from parvis.core.forms_verification import InPersonCheckForm, PersonSearchForm
from parvis.core.links import absolute
from parvis.core.models import User, VerificationLevel
from parvis.core.permissions import can_verify_in_person
from parvis.core.services import oidc
from parvis.core.services.verification import (
    SEARCH_LIMIT,
    VerificationError,
    look_up_person,
    record_in_person_check,
    search_people,
)

logger = logging.getLogger(__name__)

PENDING_SESSION_KEY = "oidc_pending"
IDENTITY_FIELDS = ("given_names", "family_name", "birthdate", "gender", "birthplace_search",
                   "birthplace")


help_desk_view = allowed_only(can_verify_in_person)  # agents and helpers only


@help_desk_view
def search(request):
    form = PersonSearchForm(request.GET or None)
    people = search_people(request.user, form.cleaned_data["q"]) if form.is_valid() else None
    return render(
        request,
        "verification/search.html",
        {"form": form, "people": people, "limit": SEARCH_LIMIT},
    )


@help_desk_view
@sensitive_post_parameters(*IDENTITY_FIELDS)
def person(request, pk):
    try:
        person = look_up_person(request.user, pk)
    except User.DoesNotExist as exc:
        raise Http404 from exc
    form = InPersonCheckForm(request.POST or None)
    if form.searching:
        form = form.showing_results()
    elif form.is_valid():
        try:
            record_in_person_check(
                request.user, person, form.identity(), form.cleaned_data["document"]
            )
        except VerificationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("La vérification en personne de %(person)s est enregistrée.")
                % {"person": person.pseudonym},
            )
            return redirect("verification:person", pk=person.pk)
    return render(request, "verification/person.html", {"person": person, "form": form})


@login_required
def identity(request):
    """A person's own page: why and how to verify their identity."""
    return render(
        request,
        "verification/identity.html",
        {
            "providers": oidc.available_providers(),
            "identity_verified": request.user.has_level(VerificationLevel.IDENTITY),
        },
    )


@login_required
def oidc_start(request, slug):
    provider = _provider_or_404(slug)
    url, pending = oidc.authorization_request(provider, _redirect_uri(provider))
    request.session[PENDING_SESSION_KEY] = pending
    return redirect(url)


@login_required
@never_cache
@sensitive_variables()
def oidc_callback(request, slug):
    """The provider's answer: verify it, then log the person out of the provider (the
    next person at a shared computer must not find their session open) and come back to
    the identity page, which shows the outcome."""
    provider = _provider_or_404(slug)
    pending = request.session.pop(PENDING_SESSION_KEY, None)
    logout = ""
    try:
        tokens = oidc.redeem_code(provider, pending, request.GET, _redirect_uri(provider))
        logout = oidc.logout_url(provider, tokens, _identity_page_uri())
        oidc.complete_verification(request.user, provider, pending, tokens)
    except oidc.OIDCError as error:
        logger.warning("OIDC verification with %s failed: %s", provider.slug, error.reason)
        messages.error(request, error.message)
    except VerificationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Votre identité est vérifiée grâce à %(provider)s.") % {"provider": provider.name},
        )
    return redirect(logout or "verification:identity")


def _provider_or_404(slug: str) -> oidc.Provider:
    provider = oidc.get_provider(slug)
    if provider is None:
        raise Http404
    return provider


def _identity_page_uri() -> str:
    """Where the provider sends the person back after logging them out (registered with
    the provider as the post-logout redirect URI)."""
    return absolute(reverse("verification:identity"))


def _redirect_uri(provider: oidc.Provider) -> str:
    """The callback URL registered with the provider (absolute, from SITE_URL)."""
    return absolute(reverse("verification:oidc_callback", args=[provider.slug]))
