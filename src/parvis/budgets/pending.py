"""A ballot between the choices and their confirmation: nothing is stored meanwhile.

The choices travel signed (`django.core.signing`), bound to the person and the budget, in a
cookie of the vote's pages (never in an address, which servers log) and in the
confirmation's form: choosing writes nothing on the server, and the confirmation finds them
in its own POST. A forged or altered ballot does not pass the signature, and
`voting.cast_ballot` checks every choice again anyway. The browser that confirmed keeps a
signed cookie naming that confirmation, so that a second click shows the receipt instead
of storing the same ballot again.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "parvis.budgets.pending-ballot"
FIELD = "bulletin"
MAX_AGE = 24 * 3600  # seconds to confirm a ballot


@dataclass(frozen=True)
class Pending:
    """Points by project pk, and the random name of this confirmation."""

    choices: dict[int, int]
    nonce: str


def sign(budget, user, choices: dict[int, int]) -> str:
    return signing.dumps({"b": budget.pk, "u": user.pk, "n": secrets.token_urlsafe(9),
                          "c": sorted(choices.items())}, salt=SALT, compress=True)


def read(budget, user, token: str | None) -> Pending | None:
    """The ballot `token` carries, or None when it is missing, altered, expired, or was
    signed for another person or budget."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("b") != budget.pk or data.get("u") != user.pk:
        return None
    return Pending({int(pk): int(points) for pk, points in data["c"]}, data["n"])


def _cookie(budget) -> str:
    return f"bulletin-{budget.pk}"


def _pending_cookie(budget) -> str:
    return f"bulletin-en-attente-{budget.pk}"


def _cookie_options(path: str) -> dict:
    return {"max_age": MAX_AGE, "httponly": True, "samesite": "Lax",
            "secure": settings.SESSION_COOKIE_SECURE, "path": path}


def keep(response, budget, token: str) -> None:
    """The browser keeps the pending ballot for the vote's pages (to confirm or change it)."""
    response.set_cookie(_pending_cookie(budget), token,
                        **_cookie_options(reverse("budgets:vote", args=[budget.slug])))


def kept(request, budget) -> str | None:
    """The pending ballot the confirmation's form sends, else the one the browser keeps."""
    return request.POST.get(FIELD) or request.COOKIES.get(_pending_cookie(budget))


def forget(response, budget) -> None:
    response.delete_cookie(_pending_cookie(budget),
                           path=reverse("budgets:vote", args=[budget.slug]), samesite="Lax")


def remember_confirmed(response, budget, pending: Pending) -> None:
    response.set_signed_cookie(
        _cookie(budget), pending.nonce, salt=SALT,
        **_cookie_options(reverse("budgets:vote_confirm", args=[budget.slug])))


def was_confirmed(request, budget, pending: Pending) -> bool:
    """Did this browser confirm this very ballot already?"""
    return request.get_signed_cookie(_cookie(budget), default=None, salt=SALT,
                                     max_age=MAX_AGE) == pending.nonce
