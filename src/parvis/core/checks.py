"""Deployment checks (`parvis check --deploy`): the account protections are on, the
identity-verification configuration is sound and private files are never public."""

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

from parvis.core.files import SERVE_MODES, local_path
from parvis.core.throttle import STORES

PER_PROCESS_CACHES = ("LocMemCache", "DummyCache", "DatabaseCache", "FileBasedCache")
LOGIN_LIMITS = ("LOGIN_THROTTLE_PER_ACCOUNT_CLIENT", "LOGIN_THROTTLE_PER_ACCOUNT",
                "LOGIN_THROTTLE_PER_IP", "ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR")


@register(Tags.security, deploy=True)
def check_not_a_demo(app_configs, **kwargs):
    if not settings.DEMO:
        return []
    return [Error(
        "The demo setting is on: every e-mail is shown to anyone at /demo/courriels/.",
        hint="Unset PARVIS_DEMO in production.", id="parvis.E007",
    )]


@register(Tags.security, deploy=True)
def check_two_factor(app_configs, **kwargs):
    if settings.TWO_FACTOR_REQUIRED:
        return []
    return [Warning(
        "Two-factor authentication is not required for staff roles.",
        hint="Unset TWO_FACTOR_REQUIRED (on by default when DEBUG is off) or set it to 1.",
        id="parvis.W001",
    )]


@register(Tags.security, deploy=True)
def check_throttling(app_configs, **kwargs):
    warnings = []
    off = [name for name in LOGIN_LIMITS if getattr(settings, name) <= 0]
    if off:
        warnings.append(Warning(
            f"Login and account e-mail throttling is switched off: {', '.join(off)} set to 0.",
            hint="Set a positive limit (see the README's security section).",
            id="parvis.W002",
        ))
    if settings.THROTTLE_STORE not in STORES:
        warnings.append(Warning(
            f"THROTTLE_STORE={settings.THROTTLE_STORE!r} is unknown: rate limits use the"
            " database.", hint=f"Set THROTTLE_STORE to one of: {', '.join(STORES)}.",
            id="parvis.W003",
        ))
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if settings.THROTTLE_STORE == "cache" and backend in PER_PROCESS_CACHES:
        warnings.append(Warning(
            f"Rate limits are counted in the {backend}, whose counters are not shared"
            " between server processes or not incremented atomically: limits can be exceeded.",
            hint="Use THROTTLE_STORE=database, or CACHE_URL=redis://… with THROTTLE_STORE=cache.",
            id="parvis.W004",
        ))
    return warnings


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
            id="parvis.W007",
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


@register(Tags.security, deploy=True)
def private_files_check(app_configs, **kwargs):
    """Private files are stored out of reach of a public URL, and the application does not
    serve the public media itself."""
    problems = []
    public, private = storages["default"], storages["private"]
    location = local_path(private, "")
    if location is not None:
        location = Path(location).resolve()
        media_root = Path(settings.MEDIA_ROOT).resolve()
        if location == media_root or media_root in location.parents:
            problems.append(Error(
                f"Private files are stored in {location}, inside MEDIA_ROOT: the public media"
                " address serves them to anyone.",
                hint="Set PRIVATE_MEDIA_ROOT to a folder outside MEDIA_ROOT.", id="parvis.E005",
            ))
        internal_url = getattr(private, "base_url", None)
        if internal_url and internal_url.startswith(settings.MEDIA_URL):
            problems.append(Error(
                f"The private files' internal address {internal_url} lies under MEDIA_URL"
                f" ({settings.MEDIA_URL}), which the web server serves publicly.",
                hint="Keep PRIVATE_MEDIA_URL apart from MEDIA_URL.", id="parvis.E005",
            ))
    else:
        bucket = getattr(private, "bucket_name", None)
        if bucket and bucket == getattr(public, "bucket_name", None):
            problems.append(Error(
                f"Private files are stored in the public media bucket {bucket!r}.",
                hint="Set AWS_PRIVATE_STORAGE_BUCKET_NAME to a bucket with no public access.",
                id="parvis.E006",
            ))
        if not getattr(private, "querystring_auth", True):
            problems.append(Error(
                "The private storage gives unsigned URLs: private files would be served to"
                " anyone who has their address.",
                hint='Keep "querystring_auth": True in STORAGES["private"].', id="parvis.E006",
            ))
    if settings.SERVE_MEDIA and not settings.DEBUG:
        problems.append(Warning(
            f"The application serves the public media ({settings.MEDIA_URL}) itself, with"
            " Django's development file server.",
            hint="Let the web server serve MEDIA_ROOT at MEDIA_URL and unset SERVE_MEDIA.",
            id="parvis.W008",
        ))
    if settings.PRIVATE_MEDIA_SERVE not in SERVE_MODES:
        problems.append(Warning(
            f"PRIVATE_MEDIA_SERVE={settings.PRIVATE_MEDIA_SERVE!r} is unknown: the application"
            " streams private files itself.",
            hint=f"Set PRIVATE_MEDIA_SERVE to one of: {', '.join(SERVE_MODES)}.",
            id="parvis.W009",
        ))
    return problems
