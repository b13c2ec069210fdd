"""People's accounts: registration, e-mail confirmation, login throttling, profile changes,
helpers' consents and account deletion.

Account deletion anonymises the person's row in place so that their contributions stay,
signed "Compte supprimé". Modules that hold personal data of their own declare a function
(`Module.account_deletion`) that anonymises it in the same transaction.
"""

import calendar
import ipaddress
import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core import audit, modules
from parvis.core.models import (
    AuditEntry,
    HelpConsent,
    LoginAttempt,
    Role,
    User,
    Verification,
    VerificationLevel,
)
from parvis.core.permissions import has_role
from parvis.core.services.verification import record_verification

logger = logging.getLogger(__name__)

CONFIRMATION_SALT = "parvis.accounts.email-confirmation"
CONFIRMATION_MAX_AGE = timedelta(days=7)
DELETED_PREFIX = "supprime-"


class AccountError(Exception):
    """An account operation that cannot be done; the message is for the person."""


# Registration and e-mail confirmation ---------------------------------------------------


def register(*, email: str, pseudonym: str, password: str, **profile) -> User:
    """Create an account (unconfirmed) and send the confirmation e-mail."""
    with transaction.atomic():
        user = User.objects.create_user(email, password, pseudonym=pseudonym, **profile)
        audit.record(user, "account.registered", user)
    send_confirmation(user)
    return user


def confirmation_token(user: User) -> str:
    return signing.dumps({"user": user.pk}, salt=CONFIRMATION_SALT)


def send_confirmation(user: User) -> bool:
    """E-mail a signed, expiring confirmation link. False when the e-mail could not be sent."""
    link = settings.SITE_URL + reverse("accounts:confirm_email", args=[confirmation_token(user)])
    context = {
        "user": user,
        "link": link,
        "days": CONFIRMATION_MAX_AGE.days,
        "SITE_NAME": settings.SITE_NAME,
    }
    subject = render_to_string("accounts/email/confirmation_subject.txt", context).strip()
    body = render_to_string("accounts/email/confirmation_body.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("Confirmation e-mail to account %s could not be sent", user.pk)
        return False
    return True


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


# Login throttling ----------------------------------------------------------------------


class LoginThrottled(Exception):
    def __init__(self, retry_at: datetime):
        super().__init__(retry_at)
        self.retry_at = retry_at


def client_ip(request) -> str | None:
    """The address the request came from (the proxy must set REMOTE_ADDR to the client's)."""
    try:
        return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")))
    except ValueError:  # a Unix socket, or no address at all
        return None


def login_retry_at(email: str, ip_address: str | None, now: datetime) -> datetime | None:
    """When logging in is allowed again for this e-mail or address, or None if it is now."""
    window = timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW)
    recent = LoginAttempt.objects.filter(at__gt=now - window).order_by("-at")
    limits = [(recent.filter(email=email), settings.LOGIN_THROTTLE_PER_ACCOUNT)]
    if ip_address:
        limits.append((recent.filter(ip_address=ip_address), settings.LOGIN_THROTTLE_PER_IP))
    retry_times = []
    for failures, limit in limits:
        # Allowed again once the limit-th most recent failure leaves the window.
        blocking = failures.values_list("at", flat=True)[limit - 1 : limit]
        retry_times.extend(at + window for at in blocking)
    return max(retry_times, default=None)


def authenticate_throttled(request, email: str, password: str) -> User | None:
    """Check the password unless too many logins failed lately; record a failure.

    Raises LoginThrottled before looking at the password when the limit is reached.
    """
    email = email.strip().lower()
    ip_address = client_ip(request)
    retry_at = login_retry_at(email, ip_address, timezone.now())
    if retry_at is not None:
        raise LoginThrottled(retry_at)
    user = authenticate(request, email=email, password=password)
    if user is None:
        LoginAttempt.objects.create(email=email, ip_address=ip_address)
    return user


# Profile -------------------------------------------------------------------------------


def is_pseudonym_taken(pseudonym: str, exclude: User | None = None) -> bool:
    others = User.objects.filter(pseudonym__iexact=pseudonym)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def is_email_taken(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


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
    user.role_grants.all().delete()
    user.api_tokens.all().delete()
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
