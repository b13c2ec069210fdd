"""Deployment checks (`parvis check --deploy`): the account protections are on."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from parvis.core.throttle import STORES

PER_PROCESS_CACHES = ("LocMemCache", "DummyCache", "DatabaseCache", "FileBasedCache")
LOGIN_LIMITS = ("LOGIN_THROTTLE_PER_ACCOUNT_CLIENT", "LOGIN_THROTTLE_PER_ACCOUNT",
                "LOGIN_THROTTLE_PER_IP", "ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR")


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
