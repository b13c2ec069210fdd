"""Notifications on devices (Web Push): subscribing from the notifications page, pushes sent
by the background task to a fake push service over HTTPS (which decrypts them as a browser
would), expired subscriptions forgotten, « Mes données », account deletion, the keys'
command and deployment check."""

import base64
import datetime
import json
import os
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.checks import run_checks
from django.core.management import call_command
from django.urls import reverse

from parvis.core.services import personal_data
from parvis.core.services.accounts import delete_account
from parvis.notifications import push
from parvis.notifications.models import Notification, PushSubscription
from parvis.notifications.services import notify

SUBSCRIBE = reverse("notifications:push_subscribe")
UNSUBSCRIBE = reverse("notifications:push_unsubscribe")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Browser:
    """A browser's side of a subscription: its key pair and authentication secret."""

    def __init__(self, endpoint: str):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint

    def subscription(self) -> dict:
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64(public), "auth": b64(self.auth)}}

    def read(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth,
                                           version="aes128gcm"))


def self_signed_certificate(folder) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "push.pem", folder / "push.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


@pytest.fixture
def push_service(tmp_path, monkeypatch, settings):
    """A push service on https://localhost (a private host, allowed here): it keeps what it
    receives per path and answers 410 Gone for the paths under /gone/."""
    settings.WEB_PUSH_PRIVATE_HOSTS = True
    received = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            headers = {name.lower(): value for name, value in self.headers.items()}
            received.setdefault(self.path, []).append((headers, body))
            self.send_response(410 if self.path.startswith("/gone/") else 201)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    cert, key = self_signed_certificate(tmp_path)
    server = ThreadingHTTPServer(("localhost", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", cert)
    server.url = f"https://localhost:{server.server_address[1]}"
    server.received = received
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def push_on(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = push.new_key_pair()
    settings.WEB_PUSH = True
    return settings


def reply_notice(recipient, subject="Bruno a répondu à votre commentaire"):
    notify(recipient, kind="comment_reply", subject=subject, message="Plutôt d'accord.\nEt vous ?",
           url="/debats/pionniers/1/#commentaire-7")


@pytest.mark.django_db
def test_a_subscribed_device_receives_the_notification_encrypted_and_signed(
        push_on, push_service, make_user, client):
    alice = make_user()
    phone = Browser(push_service.url + "/devices/phone")
    client.force_login(alice)
    answer = client.post(SUBSCRIBE, phone.subscription(), content_type="application/json")
    assert answer.status_code == 201
    assert answer.json()["detail"] == "Cet appareil recevra vos notifications."

    reply_notice(alice)

    [(headers, body)] = push_service.received["/devices/phone"]
    notification = Notification.objects.get(recipient=alice)
    assert phone.read(body) == {
        "title": "Bruno a répondu à votre commentaire", "body": "Plutôt d'accord. Et vous ?",
        "url": f"{push_on.SITE_URL}{reverse('notifications:open', args=[notification.pk])}",
    }
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["authorization"].startswith("vapid t=")
    assert f"k={push_on.VAPID_PUBLIC_KEY}" in headers["authorization"]
    assert notification.pushed_at is not None
    # Run again (a worker died after sending): nothing leaves twice.
    assert push.push_notification.call(notification.pk) == 0
    assert len(push_service.received["/devices/phone"]) == 1


@pytest.mark.django_db
def test_an_expired_subscription_is_forgotten_and_the_others_still_reached(
        push_on, push_service, make_user):
    alice = make_user()
    for path in ("/devices/phone", "/gone/old-laptop"):
        push.subscribe(alice, Browser(push_service.url + path).subscription())

    reply_notice(alice)

    assert set(push_service.received) == {"/devices/phone", "/gone/old-laptop"}
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        push_service.url + "/devices/phone"]


@pytest.mark.django_db
def test_nothing_is_pushed_to_people_without_devices_or_when_push_is_off(
        push_on, push_service, make_user):
    alice, bob = make_user(), make_user()
    push.subscribe(alice, Browser(push_service.url + "/devices/alice").subscription())
    reply_notice(bob)
    push_on.WEB_PUSH = False
    reply_notice(alice)
    assert push_service.received == {}
    assert not Notification.objects.exclude(pushed_at=None).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "message"), [
    (lambda s: s.update(endpoint="http://push.example.org/1"),
     "L'adresse d'abonnement donnée par votre navigateur n'est pas valide."),
    (lambda s: s.update(endpoint="https://push.example.org/" + "x" * 1000),
     "L'adresse d'abonnement donnée par votre navigateur n'est pas valide."),
    *((lambda s, host=host: s.update(endpoint=f"https://{host}/push/1"),
       "L'adresse d'abonnement donnée par votre navigateur n'est pas valide.")
      for host in ("localhost:8080", "127.0.0.1", "10.1.2.3", "[::1]", "169.254.169.254",
                   "metadata.google.internal", "intranet.local")),
    (lambda s: s.pop("keys"),
     "Votre navigateur a donné un abonnement incomplet : réessayez, ou utilisez un autre"
     " navigateur."),
    (lambda s: s["keys"].update(auth="pas-une-clé"),
     "Votre navigateur a donné un abonnement incomplet : réessayez, ou utilisez un autre"
     " navigateur."),
    (lambda s: s["keys"].update(p256dh=b64(b"short")),
     "Votre navigateur a donné un abonnement incomplet : réessayez, ou utilisez un autre"
     " navigateur."),
])
def test_a_bad_subscription_is_refused_with_a_structured_answer(push_on, make_user, client,
                                                                 change, message):
    subscription = Browser("https://push.example.org/1").subscription()
    change(subscription)
    client.force_login(make_user())
    answer = client.post(SUBSCRIBE, subscription, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json() == {"detail": message, "code": "invalid_subscription"}
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
def test_not_json_and_push_off_are_refused(settings, make_user, client):
    client.force_login(make_user())
    answer = client.post(SUBSCRIBE, "{", content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid_subscription"
    assert answer.json()["detail"] == ("Les notifications sur les appareils ne sont pas"
                                       " proposées sur ce site.")


@pytest.mark.django_db
def test_a_device_subscribing_again_changes_owner(push_on, make_user):
    alice, bob = make_user(), make_user()
    tablet = Browser("https://push.example.org/tablet")
    push.subscribe(alice, tablet.subscription())
    push.subscribe(bob, tablet.subscription())
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [bob.pk]


@pytest.mark.django_db
def test_unsubscribing_one_device_from_the_script_or_all_from_the_page(push_on, make_user,
                                                                       client):
    alice, bob = make_user(), make_user()
    for name in ("phone", "laptop"):
        push.subscribe(alice, Browser(f"https://push.example.org/{name}").subscription())
    push.subscribe(bob, Browser("https://push.example.org/bob").subscription())
    client.force_login(alice)

    answer = client.post(UNSUBSCRIBE, {"endpoint": "https://push.example.org/bob"},
                         content_type="application/json")
    assert answer.status_code == 200  # not alice's device: nothing happens to it
    assert client.post(UNSUBSCRIBE, {"endpoint": "https://push.example.org/phone"},
                       content_type="application/json").status_code == 200
    assert set(PushSubscription.objects.values_list("endpoint", flat=True)) == {
        "https://push.example.org/laptop", "https://push.example.org/bob"}
    assert client.post(UNSUBSCRIBE, [], content_type="application/json").status_code == 400

    page = client.get(reverse("notifications:list")).content.decode()
    assert "1 appareil reçoit vos notifications." in page
    answer = client.post(UNSUBSCRIBE, follow=True)
    assert "Vos appareils ne recevront plus vos notifications." in answer.content.decode()
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [bob.pk]


@pytest.mark.django_db
def test_the_page_offers_push_only_when_it_is_on(settings, make_user, client):
    client.force_login(make_user())
    page = client.get(reverse("notifications:list")).content.decode()
    assert "push-controls" not in page and "push.js" not in page
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = push.new_key_pair()
    settings.WEB_PUSH = True
    page = client.get(reverse("notifications:list")).content.decode()
    assert f'data-key="{settings.VAPID_PUBLIC_KEY}"' in page
    assert 'class="push-controls"' in page and "hidden>" in page  # shown by the script
    assert "Aucun appareil ne reçoit vos notifications." in page


@pytest.mark.django_db
def test_devices_are_in_my_data_and_go_with_the_account(push_on, make_user):
    alice = make_user()
    push.subscribe(alice, Browser("https://push.example.org/alice").subscription())
    section = personal_data.export(alice)["sections"]["notifications"]
    assert [device["endpoint"] for device in section["devices"]] == [
        "https://push.example.org/alice"]
    delete_account(alice)
    assert not PushSubscription.objects.exists()


def test_the_command_prints_a_sound_key_pair(capsys):
    call_command("vapid_keys")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    assert push.key_pair_problem(lines["VAPID_PUBLIC_KEY"], lines["VAPID_PRIVATE_KEY"]) is None


def deployment_errors():
    return [message.id for message in run_checks(include_deployment_checks=True)
            if message.id == "parvis.E008"]


def test_the_deployment_check_refuses_push_without_sound_keys(settings):
    settings.WEB_PUSH = True
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    assert deployment_errors() == ["parvis.E008"]
    settings.VAPID_PUBLIC_KEY, _private = push.new_key_pair()
    settings.VAPID_PRIVATE_KEY = push.new_key_pair()[1]
    assert deployment_errors() == ["parvis.E008"]
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = push.new_key_pair()
    settings.VAPID_SUBJECT = "http://example.org"
    assert deployment_errors() == ["parvis.E008"]
    settings.VAPID_SUBJECT = "mailto:numerique@example.org"
    assert deployment_errors() == []
    settings.WEB_PUSH = False
    settings.VAPID_PRIVATE_KEY = ""
    assert deployment_errors() == []


@pytest.mark.django_db
def test_a_device_whose_address_now_leads_to_a_private_network_is_forgotten_unreached(
        push_on, push_service, make_user):
    alice = make_user()
    push.subscribe(alice, Browser(push_service.url + "/devices/phone").subscription())
    push_on.WEB_PUSH_PRIVATE_HOSTS = False  # localhost is what the name resolves to now
    reply_notice(alice)
    assert push_service.received == {}
    assert not PushSubscription.objects.exists()
