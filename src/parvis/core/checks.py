"""System checks of the identity-verification configuration (`parvis check --deploy`)."""

import os

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security, deploy=True)
def identity_hash_key_check(app_configs, **kwargs):
    """The fingerprint key must come from the environment (the same on every server,
    kept with the backups), differ from SECRET_KEY, and not be listed as a previous key."""
    problems = []
    if not os.environ.get("IDENTITY_HASH_KEY"):
        problems.append(Warning(
            "IDENTITY_HASH_KEY is not set: identity fingerprints use a key generated in the"
            " data directory, which other app servers do not share.",
            hint="Set IDENTITY_HASH_KEY to a random value of at least 32 characters and keep"
                 " it with the backups.",
            id="parvis.W001",
        ))
    if settings.IDENTITY_HASH_KEY == settings.SECRET_KEY:
        problems.append(Error(
            "IDENTITY_HASH_KEY equals SECRET_KEY: rotating SECRET_KEY would change every"
            " identity fingerprint.",
            id="parvis.E002",
        ))
    if settings.IDENTITY_HASH_KEY in settings.IDENTITY_HASH_PREVIOUS_KEYS:
        problems.append(Error("IDENTITY_HASH_PREVIOUS_KEYS lists the current key.",
                              id="parvis.E003"))
    return problems


@register(Tags.security, deploy=True)
def identity_providers_check(app_configs, **kwargs):
    """Each identity provider asks for a level of assurance and logs the person out."""
    from parvis.core.services.oidc import providers

    try:
        configured = providers()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="parvis.E004")]
    problems = []
    for provider in configured.values():
        if not provider.acr_values:
            problems.append(Warning(
                f"OIDC provider {provider.slug!r} has no acr_values: any level of assurance"
                " the provider returns is accepted.",
                hint='Set "acr_values" (e.g. "eidas1" for FranceConnect).', id="parvis.W005",
            ))
        if not provider.end_session_endpoint:
            problems.append(Warning(
                f"OIDC provider {provider.slug!r} has no end_session_endpoint: people stay"
                " logged in to the provider after a verification (shared computers).",
                id="parvis.W006",
            ))
    return problems
