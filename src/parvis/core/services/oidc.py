"""Identity verification through OpenID Connect providers (FranceConnect or any other).

The providers come from settings.OIDC_PROVIDERS_SECRET (the OIDC_PROVIDERS environment
variable; the setting's name keeps it out of error reports), a JSON object keyed by the
slug used in URLs:

    {"franceconnect": {"name": "FranceConnect", "issuer": "https://...",
                       "authorization_endpoint": "...", "token_endpoint": "...",
                       "userinfo_endpoint": "...", "jwks_uri": "...",
                       "end_session_endpoint": "...",
                       "client_id": "...", "client_secret": "...", "acr_values": "eidas1"}}

The flow is the authorization-code flow with `state`, `nonce`, PKCE (S256) and
`prompt=login` (the person authenticates again, even on a shared computer). The ID token
and a signed userinfo response are verified with the provider's keys (JWKS), or with the
client secret for HS256 only when the provider's configuration lists it; Authlib checks the
ID token's claims (iss, aud, azp, exp, iat, nonce, at_hash) and the eIDAS level (`acr`),
which must reach the configured minimum. Endpoints are HTTPS and no request follows a
redirection (the token request carries the client secret). Right after the callback the
person is logged out of the provider. The identity claims become an `Identity`, which is
hashed and never stored.
"""

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from functools import lru_cache
from urllib.parse import quote, urlencode, urlsplit

import requests
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet, OctKey
from joserfc.jwt import JWTClaimsRegistry

from parvis.core import birthplaces
from parvis.core.models import User, Verification, VerificationLevel
from parvis.core.services.verification import Gender, Identity, record_verification

DEFAULT_SCOPES = "openid given_name family_name birthdate gender birthplace birthcountry"
TIMEOUT = 10
CLOCK_SKEW = 30
# An ID token comes straight from the token endpoint: older than this, it is a replay.
MAX_TOKEN_AGE = 10 * 60
# The provider's keys are fetched again after this time, or when a token names another key.
KEYS_TTL = 60 * 60
# How the client authenticates to the token endpoint (method names, not secrets).
CLIENT_SECRET_POST = "client_secret_post"  # noqa: S105
CLIENT_SECRET_BASIC = "client_secret_basic"  # noqa: S105
TOKEN_AUTH_METHODS = (CLIENT_SECRET_POST, CLIENT_SECRET_BASIC)
SIGNATURE_ALGORITHMS = frozenset(
    f"{family}{size}" for family in ("RS", "PS", "ES", "HS") for size in (256, 384, 512)
)
# eIDAS levels of assurance, lowest first (FranceConnect's acr values).
EIDAS_LEVELS = ("eidas1", "eidas2", "eidas3")
ENDPOINTS = ("issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint",
             "jwks_uri", "end_session_endpoint")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
GENDERS = {"female": Gender.FEMALE, "male": Gender.MALE}
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Provider:
    slug: str
    name: str
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    client_id: str
    client_secret: str = field(repr=False)
    scopes: str = DEFAULT_SCOPES
    acr_values: str = ""
    end_session_endpoint: str = ""
    id_token_algorithms: tuple[str, ...] = ("RS256", "ES256")
    token_auth: str = CLIENT_SECRET_POST

    @property
    def accepted_acr(self) -> list[str]:
        """The `acr` values that reach the level asked for: with eIDAS levels, the lowest
        one requested and every higher one; otherwise exactly the values requested."""
        requested = self.acr_values.split()
        if requested and all(value in EIDAS_LEVELS for value in requested):
            return list(EIDAS_LEVELS[min(EIDAS_LEVELS.index(value) for value in requested):])
        return requested


class OIDCError(Exception):
    """A verification that failed: `message` is for the person, `reason` for the logs."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason


# Configuration -------------------------------------------------------------------------

def providers() -> dict[str, Provider]:
    """The configured providers by slug (settings are read at each call, parsed once)."""
    return _parse_providers(settings.OIDC_PROVIDERS_SECRET, settings.HTTPS)


def available_providers() -> list[Provider]:
    """The providers a person can verify their identity with, for links on their pages."""
    return list(providers().values())


def get_provider(slug: str) -> Provider | None:
    return providers().get(slug)


@lru_cache(maxsize=8)
@sensitive_variables()
def _parse_providers(raw: str, https_only: bool) -> dict[str, Provider]:
    try:
        config = json.loads(raw or "{}")
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"OIDC_PROVIDERS is not valid JSON: {exc}") from exc
    if not isinstance(config, dict):
        raise ImproperlyConfigured("OIDC_PROVIDERS must be a JSON object keyed by provider slug.")
    return {slug: _provider(slug, entry, https_only) for slug, entry in config.items()}


@sensitive_variables()
def _provider(slug: str, entry, https_only: bool) -> Provider:
    where = f"OIDC_PROVIDERS[{slug!r}]"
    if not SLUG.match(slug):
        raise ImproperlyConfigured(f"{where}: the key must be a slug (a-z, 0-9, -).")
    if not isinstance(entry, dict):
        raise ImproperlyConfigured(f"{where} must be a JSON object.")
    _check_keys(where, entry)
    algorithms = entry.get("id_token_algorithms", list(Provider.id_token_algorithms))
    if (
        not isinstance(algorithms, list)
        or not algorithms
        or not all(str(algorithm) in SIGNATURE_ALGORITHMS for algorithm in algorithms)
    ):
        raise ImproperlyConfigured(
            f"{where}: id_token_algorithms must be a non-empty list among "
            f"{sorted(SIGNATURE_ALGORITHMS)}."
        )
    if entry.get("token_auth", Provider.token_auth) not in TOKEN_AUTH_METHODS:
        raise ImproperlyConfigured(f"{where}: token_auth must be one of {TOKEN_AUTH_METHODS}.")
    for name in ENDPOINTS:
        if entry.get(name) and not _secure_url(entry[name], https_only):
            raise ImproperlyConfigured(
                f"{where}: {name} must be an https:// URL (http:// only to this machine,"
                " outside production)."
            )
    return Provider(slug=slug, **{**entry, "id_token_algorithms": tuple(algorithms)})


def _secure_url(url: str, https_only: bool) -> bool:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    return not https_only and parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS


@sensitive_variables()
def _check_keys(where: str, entry: dict) -> None:
    known = {item.name for item in fields(Provider)} - {"slug"}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise ImproperlyConfigured(f"{where}: unknown keys {unknown}.")
    required = {item.name for item in fields(Provider) if item.default is MISSING} - {"slug"}
    missing = sorted(required - {key for key, value in entry.items() if value})
    if missing:
        raise ImproperlyConfigured(f"{where}: missing keys {missing}.")
    if any(not isinstance(value, str) for key, value in entry.items()
           if key != "id_token_algorithms"):
        raise ImproperlyConfigured(f"{where}: every value except id_token_algorithms is text.")


# The flow ------------------------------------------------------------------------------

def authorization_request(provider: Provider, redirect_uri: str) -> tuple[str, dict]:
    """The URL that sends the person to the provider, and what the session must keep
    for the callback (state, nonce, PKCE verifier)."""
    pending = {
        "provider": provider.slug,
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "code_verifier": secrets.token_urlsafe(64),
    }
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": provider.scopes,
        "state": pending["state"],
        "nonce": pending["nonce"],
        "code_challenge": _code_challenge(pending["code_verifier"]),
        "code_challenge_method": "S256",
        "prompt": "login",
    }
    if provider.acr_values:
        params["acr_values"] = provider.acr_values
    return _with_query(provider.authorization_endpoint, params), pending


@dataclass(frozen=True)
class Tokens:
    id_token: str = field(repr=False)
    access_token: str = field(repr=False)


@sensitive_variables()
def redeem_code(provider: Provider, pending: dict | None, params, redirect_uri: str) -> Tokens:
    """Check the provider's answer (the callback's query `params`) against the `pending`
    request and exchange its code for tokens (not yet verified). Raises OIDCError."""
    _check_answer(provider, pending, params)
    data = {
        "grant_type": "authorization_code",
        "code": params["code"],
        "redirect_uri": redirect_uri,
        "code_verifier": pending["code_verifier"],
    }
    auth = None
    if provider.token_auth == CLIENT_SECRET_BASIC:
        auth = (quote(provider.client_id, safe=""), quote(provider.client_secret, safe=""))
    else:
        data.update(client_id=provider.client_id, client_secret=provider.client_secret)
    tokens = _json(_call("POST", provider.token_endpoint, data=data, auth=auth))
    if not all(isinstance(tokens.get(key), str) for key in ("id_token", "access_token")):
        raise _invalid_answer("token response without id_token or access_token")
    return Tokens(tokens["id_token"], tokens["access_token"])


@sensitive_variables()
def complete_verification(user: User, provider: Provider, pending: dict, tokens: Tokens
                          ) -> Verification:
    """Verify the tokens and raise the person's level to IDENTITY. Raises OIDCError or
    VerificationError (duplicate identity); then nothing changed."""
    id_claims = _verified_id_token(provider, tokens, pending["nonce"])
    claims = _userinfo(provider, tokens.access_token)
    if claims.get("sub") != id_claims["sub"]:
        raise _invalid_answer("userinfo sub differs from the ID token's")
    return record_verification(
        user,
        Verification.Method.OIDC,
        VerificationLevel.IDENTITY,
        identity=_identity(claims),
        provider=provider.name,
    )


@sensitive_variables()
def logout_url(provider: Provider, tokens: Tokens, post_logout_redirect_uri: str) -> str:
    """Where to send the person so that the provider ends their session (FranceConnect
    keeps it otherwise, for the next person at a shared computer), or "" when the
    provider has no end_session_endpoint."""
    if not provider.end_session_endpoint:
        return ""
    return _with_query(provider.end_session_endpoint, {
        "id_token_hint": tokens.id_token,
        "state": secrets.token_urlsafe(32),
        "post_logout_redirect_uri": post_logout_redirect_uri,
    })


def _with_query(url: str, params: dict) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode(params)}"


def _check_answer(provider: Provider, pending: dict | None, params) -> None:
    error = params.get("error")
    if error == "access_denied":
        raise OIDCError(
            _("Vous avez annulé la vérification, ou %(provider)s l'a refusée. Votre compte n'a"
              " pas été modifié.") % {"provider": provider.name},
            "access_denied",
        )
    if error:
        raise OIDCError(
            _("%(provider)s a signalé une erreur et n'a pas confirmé votre identité. Votre compte"
              " n'a pas été modifié ; vous pouvez réessayer.") % {"provider": provider.name},
            f"provider error {error!r}",
        )
    if (
        not pending
        or pending.get("provider") != provider.slug
        or not _same(params.get("state"), pending.get("state"))
    ):
        raise OIDCError(
            _("Cette demande de vérification a expiré ou ne vient pas de ce navigateur. Votre"
              " compte n'a pas été modifié : recommencez la vérification depuis votre compte."),
            "missing or mismatched state",
        )
    if not params.get("code"):
        raise _invalid_answer("no authorization code")


@sensitive_variables()
def _userinfo(provider: Provider, access_token: str) -> dict:
    response = _call(
        "GET", provider.userinfo_endpoint, headers={"Authorization": f"Bearer {access_token}"}
    )
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type != "application/jwt":
        return _json(response)
    header, claims = _signed_claims(provider, response.text.strip())
    try:
        JWTClaimsRegistry(
            iss={"essential": True, "value": provider.issuer},
            aud={"essential": True, "value": provider.client_id},
            sub={"essential": True},
        ).validate(claims)
    except JoseError as exc:
        raise _invalid_answer(f"invalid userinfo token: {exc}") from exc
    return claims


@sensitive_variables()
def _call(method: str, url: str, **kwargs) -> requests.Response:
    """A request that follows no redirection: a redirected token request would send the
    client secret to another address."""
    try:
        response = requests.request(method, url, timeout=TIMEOUT, allow_redirects=False,
                                    **kwargs)
        response.raise_for_status()
    except requests.RequestException as exc:
        raise _unreachable(f"{url}: {type(exc).__name__}") from exc
    if response.is_redirect or response.status_code != 200:
        raise _unreachable(f"{url}: HTTP {response.status_code} (redirections are refused)")
    return response


def _json(response: requests.Response) -> dict:
    try:
        body = response.json()
    except ValueError as exc:
        raise _invalid_answer(f"{response.url}: not JSON") from exc
    if not isinstance(body, dict):
        raise _invalid_answer(f"{response.url}: not a JSON object")
    return body


@sensitive_variables()
def _verified_id_token(provider: Provider, tokens: Tokens, nonce: str) -> dict:
    """The ID token's claims once its signature and claims are checked: issuer, audience
    and authorised party, expiry, issue time (recent), nonce, access-token hash, and the
    level of assurance (`acr`) the configuration asks for."""
    header, claims = _signed_claims(provider, tokens.id_token)
    now = int(time.time())
    options = {
        "iss": {"essential": True, "value": provider.issuer},
        "aud": {"essential": True, "value": provider.client_id},
        "iat": {"essential": True,
                "validate": lambda _claims, iat: isinstance(iat, (int, float))
                and iat >= now - MAX_TOKEN_AGE},
    }
    if provider.accepted_acr:
        options["acr"] = {"essential": True, "values": provider.accepted_acr}
    id_token = CodeIDToken(claims, header, options=options, params={
        "nonce": nonce, "client_id": provider.client_id, "access_token": tokens.access_token,
    })
    try:
        id_token.validate(now=now, leeway=CLOCK_SKEW)
    except JoseError as exc:
        raise _invalid_answer(f"invalid ID token: {exc}") from exc
    return claims


@sensitive_variables()
def _signed_claims(provider: Provider, token: str) -> tuple[dict, dict]:
    """The header and claims of a JWT whose signature is the provider's (one of its keys,
    or the client secret for an HS algorithm the configuration allows)."""
    try:
        algorithm = json.loads(_b64decode(token.split(".")[0])).get("alg")
    except (ValueError, AttributeError, IndexError) as exc:
        raise _invalid_answer("unreadable token header") from exc
    if algorithm not in provider.id_token_algorithms:
        raise _invalid_answer(f"token algorithm {algorithm!r} not allowed")
    if algorithm.startswith("HS"):
        return _decoded(token, OctKey.import_key(provider.client_secret), algorithm)
    try:
        return _decoded(token, _provider_keys(provider.jwks_uri), algorithm)
    except InvalidKeyIdError:  # the provider may have rotated its keys: fetch them again
        return _decoded(token, _provider_keys(provider.jwks_uri, fresh=True), algorithm)


@sensitive_variables()
def _decoded(token: str, key, algorithm: str) -> tuple[dict, dict]:
    """Raises InvalidKeyIdError when the token names a key that is not in `key`."""
    try:
        decoded = jwt.decode(token, key, algorithms=[algorithm])
    except InvalidKeyIdError:
        raise
    except (ValueError, JoseError) as exc:
        raise _invalid_answer(f"invalid token signature: {exc}") from exc
    if not isinstance(decoded.claims, dict):
        raise _invalid_answer("token claims are not a JSON object")
    return dict(decoded.header), decoded.claims


# The providers' key sets by URL, with the time they were fetched.
_keys_cache: dict[str, tuple[float, KeySet]] = {}


def _provider_keys(jwks_uri: str, fresh: bool = False) -> KeySet:
    """The provider's key set, kept KEYS_TTL seconds. Raises OIDCError."""
    cached = _keys_cache.get(jwks_uri)
    if cached and not fresh and time.monotonic() - cached[0] < KEYS_TTL:
        return cached[1]
    try:
        key_set = KeySet.import_key_set(_json(_call("GET", jwks_uri)))
    except (ValueError, TypeError, KeyError, JoseError) as exc:
        raise _invalid_answer(f"{jwks_uri}: unusable key set ({exc})") from exc
    _keys_cache[jwks_uri] = (time.monotonic(), key_set)
    return key_set


@sensitive_variables()
def _identity(claims: dict) -> Identity:
    """The identity pivot: the birthplace is the birth commune's INSEE code, or the birth
    country's for people born abroad (FranceConnect then sends an empty birthplace)."""
    values = {
        key: claims.get(key) if isinstance(claims.get(key), str) else ""
        for key in ("given_name", "family_name", "birthdate", "gender", "birthplace",
                    "birthcountry")
    }
    country = values["birthcountry"] or birthplaces.FRANCE
    birthplace = values["birthplace"] if country == birthplaces.FRANCE else country
    try:
        return Identity(
            given_names=values["given_name"],
            family_name=values["family_name"],
            birthdate=date.fromisoformat(values["birthdate"]),
            gender=GENDERS.get(values["gender"].lower(), ""),
            birthplace=birthplace,
        )
    except ValueError as exc:
        raise OIDCError(
            _("Le fournisseur d'identité n'a pas transmis toutes les informations nécessaires"
              " (prénoms, nom, sexe, date et lieu de naissance). Votre compte n'a pas été"
              " modifié."),
            f"incomplete identity: {exc}; claims present:"
            f" {sorted(key for key, value in values.items() if value)}",
        ) from exc


def _invalid_answer(reason: str) -> OIDCError:
    return OIDCError(
        _("La réponse du fournisseur d'identité n'a pas pu être vérifiée. Par sécurité, votre"
          " identité n'a pas été enregistrée et votre compte n'a pas été modifié."),
        reason,
    )


def _unreachable(reason: str) -> OIDCError:
    return OIDCError(
        _("Le fournisseur d'identité ne répond pas correctement pour le moment. Votre compte"
          " n'a pas été modifié ; réessayez dans quelques minutes."),
        reason,
    )


def _same(received, expected) -> bool:
    """Constant-time comparison of a received value with the one kept in the session."""
    if not isinstance(received, str) or not isinstance(expected, str) or not expected:
        return False
    return hmac.compare_digest(received.encode(), expected.encode())


def _code_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
