"""Two-factor authentication: a TOTP authenticator app (RFC 6238, through django-otp) and
single-use recovery codes.

Enrolment creates an unconfirmed device; the first valid code confirms it and returns the
recovery codes, shown once. Codes are checked by `accounts.verify_second_factor`, on the
same throttled path as passwords. Who must use it: `permissions.requires_two_factor`.
"""

import base64

import segno
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parvis.core import audit

RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "Application d'authentification"
RECOVERY_NAME = "Codes de secours"


class TwoFactorError(Exception):
    """A code that does not confirm the enrolment; the message is for the person."""


def authenticator(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def is_enrolled(user) -> bool:
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def start_enrolment(user) -> TOTPDevice:
    """The unconfirmed device being set up (the same one until it is confirmed)."""
    device = authenticator(user, confirmed=False)
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def manual_key(device: TOTPDevice) -> str:
    """The secret as an app asks it when typed by hand: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def qr_code(device: TOTPDevice) -> str:
    """The provisioning URI as a QR code: an SVG data URI (no script, no external request)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def confirm_enrolment(user, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the device with its first code; the new recovery codes, to show once."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(clean(code)):
        raise TwoFactorError(
            _("Ce code ne correspond pas. Vérifiez l'heure de votre téléphone et saisissez le"
              " code à 6 chiffres affiché en ce moment par l'application.")
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit.record(user, "two_factor.enrolled", user)
    return _replace_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the recovery codes (the old ones stop working)."""
    codes = _replace_recovery_codes(user)
    audit.record(user, "two_factor.recovery_codes_renewed", user)
    return codes


def _replace_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def disable(user, *, actor) -> None:
    """Remove the authenticator and the recovery codes (an administrator, for a lost phone)."""
    remove_devices(user)
    audit.record(actor, "two_factor.disabled", user)


def remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def clean(code: str) -> str:
    return "".join(code.split()).lower()


def verify(user, code: str):
    """The confirmed device that accepts this code (authenticator or recovery), or None."""
    code = clean(code)
    devices = [*TOTPDevice.objects.filter(user=user, confirmed=True),
               *StaticDevice.objects.filter(user=user, confirmed=True)]
    for device in devices:
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None
