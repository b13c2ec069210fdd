"""Identity verification through OpenID Connect providers (FranceConnect or any other).

The providers come from settings.OIDC_PROVIDERS_JSON (the OIDC_PROVIDERS environment
variable), a JSON object keyed by the slug used in URLs:

    {"franceconnect": {"name": "FranceConnect", "issuer": "https://...",
                       "authorization_endpoint": "...", "token_endpoint": "...",
                       "userinfo_endpoint": "...", "jwks_uri": "...",
                       "client_id": "...", "client_secret": "...", "acr_values": "eidas1"}}

The flow is the authorization-code flow with `state`, `nonce` and PKCE (S256). The ID
token and a signed userinfo response are verified with the provider's keys (JWKS), or with
the client secret for HS256 only when the provider's configuration lists it. The identity
claims become an `Identity`, which is hashed and never stored.
"""

import base64
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from functools import lru_cache
from urllib.parse import quote, urlencode

import jwt
import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from parvis.core.models import User, Verification, VerificationLevel
from parvis.core.services.verification import Identity, record_verification

DEFAULT_SCOPES = "openid given_name family_name birthdate birthplace birthcountry"
TIMEOUT = 10
CLOCK_SKEW = 30
# How the client authenticates to the token endpoint (method names, not secrets).
CLIENT_SECRET_POST = "client_secret_post"  # noqa: S105
CLIENT_SECRET_BASIC = "client_secret_basic"  # noqa: S105
TOKEN_AUTH_METHODS = (CLIENT_SECRET_POST, CLIENT_SECRET_BASIC)
SIGNATURE_ALGORITHMS = frozenset(
    f"{family}{size}" for family in ("RS", "PS", "ES", "HS") for size in (256, 384, 512)
)
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
    id_token_algorithms: tuple[str, ...] = ("RS256", "ES256")
    token_auth: str = CLIENT_SECRET_POST


class OIDCError(Exception):
    """A verification that failed: `message` is for the person, `reason` for the logs."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason


# Configuration -------------------------------------------------------------------------

def providers() -> dict[str, Provider]:
    """The configured providers by slug (settings are read at each call, parsed once)."""
    return _parse_providers(settings.OIDC_PROVIDERS_JSON)


def available_providers() -> list[Provider]:
    """The providers a person can verify their identity with, for links on their pages."""
    return list(providers().values())


def get_provider(slug: str) -> Provider | None:
    return providers().get(slug)


@lru_cache(maxsize=8)
def _parse_providers(raw: str) -> dict[str, Provider]:
    try:
        config = json.loads(raw or "{}")
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"OIDC_PROVIDERS is not valid JSON: {exc}") from exc
    if not isinstance(config, dict):
        raise ImproperlyConfigured("OIDC_PROVIDERS must be a JSON object keyed by provider slug.")
    return {slug: _provider(slug, entry) for slug, entry in config.items()}


def _provider(slug: str, entry) -> Provider:
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
    return Provider(slug=slug, **{**entry, "id_token_algorithms": tuple(algorithms)})


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
    }
    if provider.acr_values:
        params["acr_values"] = provider.acr_values
    separator = "&" if "?" in provider.authorization_endpoint else "?"
    return f"{provider.authorization_endpoint}{separator}{urlencode(params)}", pending


@sensitive_variables("identity")
def complete_verification(
    user: User, provider: Provider, pending: dict | None, params, redirect_uri: str
) -> Verification:
    """Verify the provider's answer and raise the person's level to IDENTITY.
    Raises OIDCError or VerificationError (duplicate identity); then nothing changed."""
    identity = _verified_identity(provider, pending, params, redirect_uri)
    return record_verification(
        user,
        Verification.Method.OIDC,
        VerificationLevel.IDENTITY,
        identity=identity,
        provider=provider.name,
    )


def _verified_identity(
    provider: Provider, pending: dict | None, params, redirect_uri: str
) -> Identity:
    """Check the provider's answer (the callback's query `params`) against the `pending`
    request, and return the identity it vouches for. Raises OIDCError."""
    _check_answer(provider, pending, params)
    tokens = _exchange_code(provider, params["code"], pending["code_verifier"], redirect_uri)
    id_claims = _verified_claims(provider, tokens["id_token"], required=["exp", "iat", "sub"])
    if not _same(id_claims.get("nonce"), pending["nonce"]):
        raise _invalid_answer("ID token nonce does not match")
    claims = _userinfo(provider, tokens["access_token"])
    if claims.get("sub") != id_claims["sub"]:
        raise _invalid_answer("userinfo sub differs from the ID token's")
    return _identity(claims)


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


def _exchange_code(provider: Provider, code: str, code_verifier: str, redirect_uri: str) -> dict:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": code_verifier,
    }
    auth = None
    if provider.token_auth == CLIENT_SECRET_BASIC:
        auth = (quote(provider.client_id, safe=""), quote(provider.client_secret, safe=""))
    else:
        data.update(client_id=provider.client_id, client_secret=provider.client_secret)
    response = _call("POST", provider.token_endpoint, data=data, auth=auth)
    tokens = _json(response)
    if not all(isinstance(tokens.get(key), str) for key in ("id_token", "access_token")):
        raise _invalid_answer("token response without id_token or access_token")
    return tokens


def _userinfo(provider: Provider, access_token: str) -> dict:
    response = _call(
        "GET", provider.userinfo_endpoint, headers={"Authorization": f"Bearer {access_token}"}
    )
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type == "application/jwt":
        return _verified_claims(provider, response.text.strip(), required=["sub"])
    return _json(response)


def _call(method: str, url: str, **kwargs) -> requests.Response:
    try:
        response = requests.request(method, url, timeout=TIMEOUT, **kwargs)
        response.raise_for_status()
    except requests.RequestException as exc:
        raise _unreachable(f"{url}: {exc}") from exc
    return response


def _json(response: requests.Response) -> dict:
    try:
        body = response.json()
    except ValueError as exc:
        raise _invalid_answer(f"{response.url}: not JSON") from exc
    if not isinstance(body, dict):
        raise _invalid_answer(f"{response.url}: not a JSON object")
    return body


def _verified_claims(provider: Provider, token: str, required: list[str]) -> dict:
    """The claims of a JWT signed by the provider, for this client (iss, aud, exp)."""
    try:
        algorithm = jwt.get_unverified_header(token).get("alg")
        if algorithm not in provider.id_token_algorithms:
            raise _invalid_answer(f"token algorithm {algorithm!r} not allowed")
        if algorithm.startswith("HS"):
            key = provider.client_secret
        else:
            key = _jwks_client(provider.jwks_uri).get_signing_key_from_jwt(token).key
        return jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            audience=provider.client_id,
            issuer=provider.issuer,
            leeway=CLOCK_SKEW,
            options={"require": required},
        )
    except jwt.PyJWKClientConnectionError as exc:
        raise _unreachable(f"{provider.jwks_uri}: {exc}") from exc
    except jwt.PyJWTError as exc:
        raise _invalid_answer(f"invalid token: {exc}") from exc


@lru_cache(maxsize=16)
def _jwks_client(jwks_uri: str) -> jwt.PyJWKClient:
    """One client per key set, so that the keys are cached between verifications."""
    return jwt.PyJWKClient(jwks_uri, timeout=TIMEOUT)


def _identity(claims: dict) -> Identity:
    values = {
        key: claims.get(key) if isinstance(claims.get(key), str) else ""
        for key in ("given_name", "family_name", "birthdate", "birthplace", "birthcountry")
    }
    birthplace = values["birthplace"] or values["birthcountry"]
    try:
        birthdate = date.fromisoformat(values["birthdate"])
    except ValueError:
        birthdate = None
    if not (values["given_name"] and values["family_name"] and birthdate and birthplace):
        raise OIDCError(
            _("Le fournisseur d'identité n'a pas transmis toutes les informations nécessaires"
              " (prénoms, nom, date et lieu de naissance). Votre compte n'a pas été modifié."),
            f"missing claims: {sorted(key for key, value in values.items() if not value)}",
        )
    return Identity(
        given_names=values["given_name"],
        family_name=values["family_name"],
        birthdate=birthdate,
        birthplace=birthplace,
    )


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
