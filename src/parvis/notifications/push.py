"""Notifications on people's devices: standard Web Push (RFC 8030) with VAPID (RFC 8292).

A person opts in from their notifications page: their browser subscribes to its own push
service and gives a `PushSubscription` (an https address and two keys), kept here, one per
device. Each new notification is then pushed by a background task to every device of the
person, encrypted for that browser (RFC 8291: the push service cannot read it) and signed
with the site's VAPID key; a device whose subscription expired (the push service answers
404 or 410) is forgotten.

Push is offered when `WEB_PUSH` is on and the VAPID key pair is set (`parvis vapid_keys`
makes one; `parvis check --deploy` refuses WEB_PUSH without a valid pair).
"""

import base64
import ipaddress
import json
import logging
import socket
from urllib.parse import urlsplit

import pywebpush
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from py_vapid import Vapid
from py_vapid import _check_sub as valid_subject  # the rule push services apply to "sub"

from parvis.core import tasks
from parvis.core.errors import DomainError
from parvis.core.formats import single_line
from parvis.core.links import absolute
from parvis.notifications.models import Notification, PushSubscription

logger = logging.getLogger(__name__)

# Push services answer 404 or 410 for a subscription that expired or was withdrawn.
GONE = {404, 410}
BODY_LENGTH = 200
# Seconds a push service keeps a notification for a device that is off.
TIME_TO_LIVE = 24 * 60 * 60
PUBLIC_KEY_BYTES = 65  # an uncompressed P-256 point
AUTH_BYTES = 16


class SubscriptionRefused(DomainError):
    """A subscription the browser sent that cannot be used; the message is for the person."""

    code = "invalid_subscription"


def enabled() -> bool:
    return bool(settings.WEB_PUSH and settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


# Keys ----------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_key_pair() -> tuple[str, str]:
    """(public, private) VAPID keys, base64url: the public key is the uncompressed point
    browsers take as `applicationServerKey`, the private key its raw 32-byte scalar."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(serialization.Encoding.X962,
                                               serialization.PublicFormat.UncompressedPoint)
    return _b64(public), _b64(private.private_numbers().private_value.to_bytes(32, "big"))


def settings_problem() -> str | None:
    """What is wrong with the push settings, or None when they are sound."""
    if not valid_subject(settings.VAPID_SUBJECT):
        return "VAPID_SUBJECT is neither a mailto: address nor an https: URL."
    return key_pair_problem(settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY)


def key_pair_problem(public: str, private: str) -> str | None:
    """What is wrong with a VAPID key pair, or None when it is sound."""
    if not public or not private:
        return "VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must both be set."
    try:
        vapid = Vapid.from_string(private_key=private)
    except Exception:  # py_vapid raises bare exceptions of several kinds
        return "VAPID_PRIVATE_KEY is not a P-256 private key (raw base64url or DER)."
    derived = vapid.public_key.public_bytes(serialization.Encoding.X962,
                                            serialization.PublicFormat.UncompressedPoint)
    if _b64(derived) != public.rstrip("="):
        return "VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY."
    return None


# Subscriptions -------------------------------------------------------------------------

LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".home.arpa")


def _private_address(address: str) -> bool:
    try:
        return not ipaddress.ip_address(address.split("%")[0]).is_global
    except ValueError:
        return False  # a name, not an address


def reaches_public_host(endpoint: str, resolve: bool = False) -> bool:
    """Whether pushing to `endpoint` stays on the internet: a browser's push service is
    public, and an address on the site's own network (a name or address of a private,
    loopback or link-local network) would let anyone make the server post there. `resolve`
    also checks every address the name resolves to (before sending). Push services inside
    the organisation's network are allowed by WEB_PUSH_PRIVATE_HOSTS."""
    if settings.WEB_PUSH_PRIVATE_HOSTS:
        return True
    host = (urlsplit(endpoint).hostname or "").rstrip(".").lower()
    if not host or _private_address(host) or host.endswith(LOCAL_NAMES) or host in LOCAL_NAMES:
        return False
    if not resolve:
        return True
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)}
    except OSError:
        return False
    return not any(_private_address(address) for address in addresses)


def _key(keys: dict, name: str, length: int) -> str:
    value = keys.get(name) if isinstance(keys, dict) else None
    try:
        valid = isinstance(value, str) and len(_unb64(value)) == length
    except ValueError:
        valid = False
    if not valid:
        raise SubscriptionRefused(_("Votre navigateur a donné un abonnement incomplet :"
                                    " réessayez, ou utilisez un autre navigateur."))
    return value


@transaction.atomic
def subscribe(user, data) -> PushSubscription:
    """Keep the subscription `data` (a browser's PushSubscription as JSON) for `user`; the
    same device subscribing again (or for another account) replaces its former owner."""
    if not enabled():
        raise SubscriptionRefused(_("Les notifications sur les appareils ne sont pas"
                                    " proposées sur ce site."))
    data = data if isinstance(data, dict) else {}
    endpoint = data.get("endpoint")
    field = PushSubscription._meta.get_field("endpoint")
    if (not isinstance(endpoint, str) or len(endpoint) > field.max_length
            or urlsplit(endpoint).scheme != "https" or not reaches_public_host(endpoint)):
        raise SubscriptionRefused(_("L'adresse d'abonnement donnée par votre navigateur n'est"
                                    " pas valide."))
    keys = data.get("keys")
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": _key(keys, "p256dh", PUBLIC_KEY_BYTES),
                  "auth": _key(keys, "auth", AUTH_BYTES), "created_at": timezone.now()},
    )
    return subscription


def unsubscribe(user, endpoint: str | None = None) -> int:
    """Forget one device of `user` (its endpoint), or all of them; returns how many."""
    subscriptions = PushSubscription.objects.filter(user=user)
    if endpoint is not None:
        subscriptions = subscriptions.filter(endpoint=endpoint)
    return subscriptions.delete()[0]


def device_count(user) -> int:
    return PushSubscription.objects.filter(user=user).count()


# Sending -------------------------------------------------------------------------------


def push_later(notification: Notification) -> None:
    """Enqueue the push of `notification` to its recipient's devices, if they have any."""
    if enabled() and PushSubscription.objects.filter(user=notification.recipient_id).exists():
        tasks.enqueue(push_notification, notification.pk)


def payload(notification: Notification) -> str:
    body = single_line(notification.message)
    if len(body) > BODY_LENGTH:
        body = body[: BODY_LENGTH - 1].rstrip() + "…"
    return json.dumps({
        "title": notification.subject, "body": body,
        "url": absolute(reverse("notifications:open", args=[notification.pk])),
    })


def send(subscription: PushSubscription, data: str) -> bool:
    """Push `data` to one device; False when its subscription is gone (and forgotten), or
    when its address now leads to a private network (forgotten too)."""
    if not reaches_public_host(subscription.endpoint, resolve=True):
        logger.warning("Push subscription %s forgotten: its address leads to a private"
                       " network.", subscription.pk)
        subscription.delete()
        return False
    try:
        pywebpush.webpush(
            subscription.as_subscription_info(), data=data,
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT}, ttl=TIME_TO_LIVE, timeout=10,
        )
    except pywebpush.WebPushException as exc:
        status = getattr(exc.response, "status_code", None)
        if status in GONE:
            subscription.delete()
            return False
        raise
    return True


@task()
def push_notification(notification_id: int) -> int:
    """Push a notification to each device of its recipient, once: run again (after a worker
    died), it does nothing. Returns the number of devices reached."""
    with transaction.atomic():
        claimed = Notification.objects.filter(pk=notification_id, pushed_at=None).update(
            pushed_at=timezone.now())
    if not claimed:
        return 0
    notification = Notification.objects.get(pk=notification_id)
    data = payload(notification)
    reached = 0
    for subscription in PushSubscription.objects.filter(user=notification.recipient_id):
        try:
            reached += send(subscription, data)
        except (pywebpush.WebPushException, OSError) as exc:
            logger.warning("Push to a device failed: %s", exc,
                           extra={"notification": notification_id})
    return reached
