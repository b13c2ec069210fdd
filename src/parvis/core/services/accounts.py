"""People's accounts: registration, e-mail confirmation, throttled login, profile changes,
helpers' consents and account deletion.

Account deletion anonymises the person's row in place so that their contributions stay,
signed "Compte supprimé". Modules that hold personal data of their own declare a function
(`Module.account_deletion`) that anonymises it in the same transaction.
"""

import calendar
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core import audit, modules, throttle
from parvis.core.links import absolute
from parvis.core.mail import queue_mail
from parvis.core.models import (
    AuditEntry,
    HelpConsent,
    LoginAttempt,
    OutboxMessage,
    Role,
    User,
    Verification,
    VerificationLevel,
)
from parvis.core.permissions import has_role
from parvis.core.pseudonyms import skeleton
from parvis.core.services import two_factor
from parvis.core.services.verification import record_verification

logger = logging.getLogger(__name__)

CONFIRMATION_SALT = "parvis.accounts.email-confirmation"
CONFIRMATION_MAX_AGE = timedelta(days=7)
DELETED_PREFIX = "supprime-"


class AccountError(Exception):
    """An account operation that cannot be done; the message is for the person."""


# Registration and e-mail confirmation ---------------------------------------------------


def register(*, email: str, pseudonym: str, password: str, **profile) -> User | None:
    """Create an account (unconfirmed) and send the confirmation e-mail.

    An address that already has an account gets an e-mail saying so, and nothing is
    created (None): the person registering sees the same answer either way, so the form
    reveals no address.
    """
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(email, password, pseudonym=pseudonym, **profile)
                audit.record(user, "account.registered", user)
        except IntegrityError:  # the same address registered at the same moment
            existing = User.objects.filter(email__iexact=email).first()
        else:
            send_confirmation(user)
            return user
    make_password(password)  # as long as a registration: the time reveals nothing either
    if existing is not None and existing.is_active:
        send_account_email(existing, "accounts/email/already_registered", {
            "login_link": absolute(reverse("accounts:login")),
            "reset_link": absolute(reverse("accounts:password_reset")),
        })
    return None


def email_allowed(email: str) -> bool:
    """Whether one more e-mail about an account may go to this address this hour."""
    rate = throttle.Rate("email.account", settings.ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR, 3600)
    try:
        throttle.take(throttle.Hit(rate, email.strip().lower()))
    except throttle.Throttled:
        logger.warning("E-mail about an account not sent: hourly limit of the address reached")
        return False
    return True


def send_account_email(user: User, template: str, context: dict) -> bool:
    """Send `template`_subject.txt / _body.txt to the account's address, within the hourly
    limit of the address. False when the e-mail was not sent."""
    if not email_allowed(user.email):
        return False
    context = {**context, "user": user, "SITE_NAME": settings.SITE_NAME}
    queue_mail(user.email, render_to_string(f"{template}_subject.txt", context),
               render_to_string(f"{template}_body.txt", context))
    return True


def confirmation_token(user: User) -> str:
    return signing.dumps({"user": user.pk}, salt=CONFIRMATION_SALT)


def send_confirmation(user: User) -> bool:
    """E-mail a signed, expiring confirmation link. False when the e-mail was not sent."""
    link = absolute(reverse("accounts:confirm_email", args=[confirmation_token(user)]))
    return send_account_email(user, "accounts/email/confirmation",
                              {"link": link, "days": CONFIRMATION_MAX_AGE.days})


def confirm_email(token: str) -> User:
    """Confirm the address a link was sent to; each link works once."""
    try:
        payload = signing.loads(
            token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired as exc:
        raise AccountError(
            _("Ce lien de confirmation a expiré. Connectez-vous et demandez-en un nouveau"
              " depuis votre compte.")
        ) from exc
    except signing.BadSignature as exc:
        raise AccountError(
            _("Ce lien de confirmation n'est pas valide. Vérifiez qu'il est complet ou"
              " demandez-en un nouveau depuis votre compte.")
        ) from exc
    user = User.objects.filter(pk=payload.get("user"), is_active=True).first()
    if user is None:
        raise AccountError(_("Ce lien de confirmation ne correspond à aucun compte actif."))
    if user.email_confirmed_at is not None:
        raise AccountError(_("Ce lien a déjà été utilisé : votre adresse e-mail est confirmée."))
    record_verification(user, Verification.Method.EMAIL, VerificationLevel.EMAIL)
    return user


# Logging in: one throttled path ---------------------------------------------------------
#
# Every way to sign in goes through `authenticate_throttled` (password) and, for an account
# with a second factor, `verify_second_factor` (code): the site's login form, the back
# office (whose login page is the site's), e-mail confirmation links (`start_session`).
# Password reset does not sign in: the person logs in afterwards with the new password.

PENDING_LOGIN_KEY = "parvis.pending_login"
PENDING_LOGIN_MAX_AGE = timedelta(minutes=10)


def login_hits(email: str, ip_address: str | None) -> list[throttle.Hit]:
    """Failed logins count per account and client address, per account, and per address."""
    window = settings.LOGIN_THROTTLE_WINDOW
    account_client = f"{email}|{ip_address}" if ip_address else None
    return [
        throttle.Hit(throttle.Rate(
            "login.account_client", settings.LOGIN_THROTTLE_PER_ACCOUNT_CLIENT, window),
            account_client),
        throttle.Hit(throttle.Rate("login.account", settings.LOGIN_THROTTLE_PER_ACCOUNT, window),
                     email),
        throttle.Hit(throttle.Rate("login.client", settings.LOGIN_THROTTLE_PER_IP, window),
                     ip_address),
    ]


def _checked(request, email: str, check: Callable[[], object]):
    """Run `check` (a password or code check) as one throttled attempt.

    The attempt is counted before the check, so that parallel attempts cannot all be
    checked; it is given back when the check succeeds. A failure is recorded, and a failure
    that reaches a limit is written to the audit log. Raises throttle.Throttled (nothing is
    checked) when a limit is reached.
    """
    ip_address = throttle.client_ip(request)
    hits = login_hits(email, ip_address)
    counts = throttle.take(*hits)
    result = check()
    if result is not None:
        throttle.give_back(*hits)
        return result
    LoginAttempt.objects.create(email=email, ip_address=ip_address)
    for hit, count in counts.items():
        if count == hit.rate.limit:  # this failure locks the account (or the address) out
            is_account_rate = hit.rate.name.startswith("login.account")
            account = User.objects.filter(email=email).first() if is_account_rate else None
            audit.record(None, "login.locked_out", account, limit=hit.rate.name,
                         minutes=hit.rate.window // 60)
    return None


def authenticate_throttled(request, email: str, password: str) -> User | None:
    """The account if the password is right, None if not; throttle.Throttled when too many
    attempts failed lately (the password is then not checked)."""
    email = email.strip().lower()
    return _checked(request, email,
                    lambda: authenticate(request, email=email, password=password))


def confirm_password(request, user: User, password: str) -> bool:
    """A signed-in person's password, asked again before a sensitive change (new password,
    account deletion): checked on the same throttled path as a login."""
    return _checked(request, user.email,
                    lambda: user if user.check_password(password) else None) is not None


def start_session(request, user: User) -> bool:
    """After the password (or a confirmation link): log in, or, when the account has a second
    factor, keep the login pending until its code. True when logged in."""
    if two_factor.is_enrolled(user):
        request.session[PENDING_LOGIN_KEY] = {
            "user": user.pk,
            "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[0]),
            "at": timezone.now().timestamp(),
        }
        return False
    login(request, user)
    return True


def pending_login(request) -> User | None:
    """The account whose password was right and whose code is awaited, if recent enough."""
    pending = request.session.get(PENDING_LOGIN_KEY)
    if not pending:
        return None
    started = datetime.fromtimestamp(pending["at"], tz=UTC)
    if timezone.now() - started > PENDING_LOGIN_MAX_AGE:
        del request.session[PENDING_LOGIN_KEY]
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user


def verify_second_factor(request, user: User, code: str) -> bool:
    """Finish a pending login with an authenticator or recovery code (throttled like
    passwords); True when logged in."""
    device = _checked(request, user.email, lambda: two_factor.verify(user, code))
    if device is None:
        return False
    del request.session[PENDING_LOGIN_KEY]
    user.otp_device = device  # django-otp marks the session verified at login
    login(request, user)
    if device.persistent_id.startswith("otp_static."):
        audit.record(user, "two_factor.recovery_code_used", user)
    return True


# Profile -------------------------------------------------------------------------------


def is_pseudonym_taken(pseudonym: str, exclude: User | None = None) -> bool:
    """Taken whatever the case, or by a pseudonym that looks the same (parvis.core.pseudonyms)."""
    others = User.objects.filter(
        Q(pseudonym__iexact=pseudonym) | Q(pseudonym_skeleton=skeleton(pseudonym))
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


@transaction.atomic
def update_profile(user: User, changes: dict) -> User:
    """Apply the changed profile fields; the audit log names the fields, not their values."""
    if not changes:
        return user
    for name, value in changes.items():
        setattr(user, name, value)
    user.save(update_fields=list(changes))
    audit.record(user, "account.updated", user, fields=sorted(changes))
    return user


def record_password_change(user: User) -> None:
    audit.record(user, "account.password_changed", user)


# Helpers' consents ---------------------------------------------------------------------


def find_helper(email: str) -> User | None:
    """The active helper with this e-mail address, if there is one."""
    candidate = User.objects.filter(
        email__iexact=email.strip(), is_active=True, deleted_at__isnull=True
    ).first()
    return candidate if candidate is not None and has_role(candidate, Role.HELPER) else None


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@transaction.atomic
def give_consent(person: User, helper: User, scope: str, months: int) -> HelpConsent:
    if helper.pk == person.pk:
        raise AccountError(_("Vous ne pouvez pas vous désigner vous-même comme aidant·e."))
    now = timezone.now()
    consent = HelpConsent.objects.create(
        person=person, helper=helper, scope=scope, given_at=now,
        expires_at=add_months(now, months),
    )
    audit.record(person, "help_consent.given", consent, helper=helper.pk, months=months)
    return consent


def current_consents(queryset):
    now = timezone.now()
    return queryset.filter(revoked_at__isnull=True, given_at__lte=now, expires_at__gt=now)


@transaction.atomic
def revoke_consent(person: User, consent: HelpConsent) -> None:
    """The person who gave the consent withdraws it."""
    if consent.revoked_at is None:
        consent.revoked_at = timezone.now()
        consent.save(update_fields=["revoked_at"])
        audit.record(person, "help_consent.revoked", consent, helper=consent.helper_id)


# Account deletion ----------------------------------------------------------------------

@dataclass(frozen=True)
class Anonymous:
    """What a deleted account's identifying fields become."""

    email: str
    pseudonym: str

    @classmethod
    def for_user(cls, user: User) -> "Anonymous":
        return cls(f"{DELETED_PREFIX}{user.pk}@anonyme.invalid", f"{DELETED_PREFIX}{user.pk}")


@transaction.atomic
def delete_account(user: User) -> None:
    """Anonymise the account in place: contributions stay, nothing identifies the person.

    Every session of the account ends: the password hash changes (so the session's
    authentication hash no longer matches) and the account is no longer active.
    """
    for hook in [module.account_deletion for module in modules.all_modules()
                 if module.account_deletion]:
        hook(user)
    audit.record(user, "account.deleted", user)
    anonymous = Anonymous.for_user(user)
    LoginAttempt.objects.filter(email=user.email).delete()
    OutboxMessage.objects.filter(to__iexact=user.email).delete()
    user.role_grants.all().delete()
    user.api_tokens.all().delete()
    two_factor.remove_devices(user)
    HelpConsent.objects.filter(Q(person=user) | Q(helper=user)).delete()
    AuditEntry.objects.filter(actor=user).update(actor_label=anonymous.pseudonym)
    AuditEntry.objects.filter(target_type=user._meta.label_lower, target_id=str(user.pk)).update(
        target_label=anonymous.pseudonym
    )
    user.email = anonymous.email
    user.pseudonym = anonymous.pseudonym
    user.first_name = user.last_name = ""
    user.birth_date = user.commune = user.identity_hash = None
    user.show_real_name = user.is_active = user.is_staff = user.is_superuser = False
    user.deleted_at = timezone.now()
    user.set_unusable_password()
    user.save()
