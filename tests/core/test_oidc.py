"""OpenID Connect verification against a fake provider served over real HTTP."""

import base64
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from parvis.core.models import Verification, VerificationLevel
from parvis.core.services.oidc import available_providers
from parvis.core.services.verification import (
    Identity,
    identity_hash,
    record_verification,
)

CLIENT_ID = "parvis-client"
CLIENT_SECRET = "un-secret-de-client-assez-long-pour-hs256"
KID = "key-1"
CLAIMS = {
    "sub": "fc-sub-123",
    "given_name": "Jeanne Marie",
    "family_name": "Dupont",
    "birthdate": "1990-07-14",
    "birthplace": "33063",
    "birthcountry": "99100",
}
IDENTITY = Identity("Jeanne", "Dupont", date(1990, 7, 14), "33063")


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class FakeProvider:
    """What the provider knows and how it misbehaves, reset for each test."""

    issuer: str
    key: rsa.RSAPrivateKey
    token_auth: str = "client_secret_post"
    algorithm: str = "RS256"
    grants: dict = field(default_factory=dict)
    access_tokens: set = field(default_factory=set)
    claims: dict = field(default_factory=lambda: dict(CLAIMS))
    userinfo_as_jwt: bool = False
    id_token_changes: dict = field(default_factory=dict)
    id_token_key: rsa.RSAPrivateKey | None = None
    userinfo_key: rsa.RSAPrivateKey | None = None

    def signed(self, claims, key=None):
        if self.algorithm == "HS256":
            return jwt.encode(claims, CLIENT_SECRET, algorithm="HS256")
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": KID})

    def id_token(self, grant):
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": CLIENT_ID, "sub": CLAIMS["sub"],
            "iat": now, "exp": now + 60, "nonce": grant["nonce"],
            **self.id_token_changes,
        }
        return self.signed(claims, self.id_token_key)

    def client_authenticated(self, form, headers):
        if self.token_auth == "client_secret_basic":
            scheme, _, credentials = headers.get("Authorization", "").partition(" ")
            decoded = base64.b64decode(credentials).decode() if scheme == "Basic" else ""
            client_id, _, secret = decoded.partition(":")
            return (unquote(client_id), unquote(secret)) == (CLIENT_ID, CLIENT_SECRET)
        return form.get("client_id") == CLIENT_ID and form.get("client_secret") == CLIENT_SECRET

    def token(self, form, headers):
        grant = self.grants.pop(form.get("code"), None)
        if not self.client_authenticated(form, headers):
            return 401, {"error": "invalid_client"}
        if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
        if challenge.decode() != grant["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        access_token = f"at-{len(self.access_tokens)}"
        self.access_tokens.add(access_token)
        return 200, {"access_token": access_token, "token_type": "Bearer",
                     "id_token": self.id_token(grant)}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="application/json"):
        payload = (json.dumps(body) if content_type == "application/json" else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        fake = self.server.fake
        if self.path == "/jwks":
            jwk = jwt.algorithms.RSAAlgorithm.to_jwk(fake.key.public_key(), as_dict=True)
            self.send(200, {"keys": [{**jwk, "kid": KID, "use": "sig", "alg": "RS256"}]})
        elif self.path == "/userinfo":
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in fake.access_tokens:
                self.send(401, {"error": "invalid_token"})
            elif fake.userinfo_as_jwt:
                claims = {**fake.claims, "iss": fake.issuer, "aud": CLIENT_ID}
                self.send(200, fake.signed(claims, fake.userinfo_key), "application/jwt")
            else:
                self.send(200, fake.claims)
        else:
            self.send(404, {"error": "not_found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = parse_qs(self.rfile.read(length).decode())
        form = {key: values[0] for key, values in body.items()}
        if self.path == "/token":
            self.send(*self.server.fake.token(form, self.headers))
        else:
            self.send(404, {"error": "not_found"})


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.key = new_key()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def fake(server):
    server.fake = FakeProvider(issuer=server.url, key=server.key)
    return server.fake


@pytest.fixture(scope="module")
def other_key():
    return new_key()


def provider_config(url, **changes):
    return {
        "name": "Identité Test", "issuer": url,
        "authorization_endpoint": f"{url}/authorize", "token_endpoint": f"{url}/token",
        "userinfo_endpoint": f"{url}/userinfo", "jwks_uri": f"{url}/jwks",
        "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "acr_values": "eidas1",
        **changes,
    }


@pytest.fixture
def configure(settings, server):
    def configure(**changes):
        settings.OIDC_PROVIDERS_JSON = json.dumps({"test": provider_config(server.url, **changes)})

    configure()
    return configure


@pytest.fixture
def person(client, make_user):
    user = make_user()
    client.force_login(user)
    return user


def authorize(client, fake):
    """Start the flow, check the redirection to the provider, and let the provider
    grant a code for it. Returns the authorization parameters and the code."""
    response = client.get(reverse("verification:oidc_start", args=["test"]))
    assert response.status_code == 302
    location = urlsplit(response.url)
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{fake.issuer}/authorize"
    params = {key: values[0] for key, values in parse_qs(location.query).items()}
    assert params["response_type"] == "code"
    assert params["client_id"] == CLIENT_ID
    assert params["scope"] == "openid given_name family_name birthdate birthplace birthcountry"
    assert params["code_challenge_method"] == "S256"
    assert params["acr_values"] == "eidas1"
    assert params["redirect_uri"].endswith(reverse("verification:oidc_callback", args=["test"]))
    assert len({params["state"], params["nonce"], params["code_challenge"]}) == 3
    code = f"code-{params['state'][:8]}"
    fake.grants[code] = params
    return params, code


def callback(client, **query):
    return client.get(reverse("verification:oidc_callback", args=["test"]), query, follow=True)


def complete_flow(client, fake):
    params, code = authorize(client, fake)
    return callback(client, code=code, state=params["state"])


def assert_unchanged(person, response, message):
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("verification:identity")
    assert message in response.content.decode()
    person.refresh_from_db()
    assert person.verification_level == VerificationLevel.NONE
    assert person.identity_hash is None
    assert not Verification.objects.filter(user=person).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("token_auth", "userinfo_as_jwt"),
    [("client_secret_post", False), ("client_secret_basic", True)],
)
def test_happy_path_raises_the_level_to_identity(
    client, fake, configure, person, token_auth, userinfo_as_jwt
):
    configure(token_auth=token_auth)
    fake.token_auth = token_auth
    fake.userinfo_as_jwt = userinfo_as_jwt
    response = complete_flow(client, fake)
    assert "Votre identité est vérifiée grâce à Identité Test" in response.content.decode()
    person.refresh_from_db()
    assert person.verification_level == VerificationLevel.IDENTITY
    assert person.identity_hash == identity_hash(IDENTITY)
    verification = Verification.objects.get(user=person)
    assert (verification.method, verification.provider) == ("oidc", "Identité Test")


@pytest.mark.django_db
def test_hs256_tokens_are_accepted_only_when_configured(client, fake, configure, person):
    fake.algorithm = "HS256"
    assert_unchanged(person, complete_flow(client, fake), "n&#x27;a pas pu être vérifiée")
    configure(id_token_algorithms=["HS256"])
    complete_flow(client, fake)
    person.refresh_from_db()
    assert person.verification_level == VerificationLevel.IDENTITY


@pytest.mark.django_db
def test_wrong_state_is_refused(client, fake, configure, person):
    params, code = authorize(client, fake)
    response = callback(client, code=code, state="not-the-state")
    assert_unchanged(person, response, "Cette demande de vérification a expiré")
    # The pending request is used up: the right state no longer works either.
    response = callback(client, code=code, state=params["state"])
    assert_unchanged(person, response, "Cette demande de vérification a expiré")


def sign_userinfo_with(fake, key):
    fake.userinfo_as_jwt = True
    fake.userinfo_key = key


MISBEHAVIOURS = {
    "wrong-nonce": lambda fake, key: fake.id_token_changes.update(nonce="another-nonce"),
    "expired": lambda fake, key: fake.id_token_changes.update(exp=int(time.time()) - 3600),
    "wrong-audience": lambda fake, key: fake.id_token_changes.update(aud="another-client"),
    "wrong-issuer": lambda fake, key: fake.id_token_changes.update(iss="https://impostor.test"),
    "bad-signature": lambda fake, key: setattr(fake, "id_token_key", key),
    "userinfo-bad-signature": sign_userinfo_with,
    "userinfo-of-another-subject": lambda fake, key: fake.claims.update(sub="someone-else"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("misbehaviour", MISBEHAVIOURS)
def test_invalid_answers_are_refused(client, fake, configure, person, other_key, misbehaviour):
    MISBEHAVIOURS[misbehaviour](fake, other_key)
    response = complete_flow(client, fake)
    assert_unchanged(person, response, "n&#x27;a pas pu être vérifiée")


@pytest.mark.django_db
def test_provider_error_is_explained(client, fake, configure, person):
    params, _code = authorize(client, fake)
    response = callback(client, error="access_denied", state=params["state"])
    assert_unchanged(person, response, "Vous avez annulé la vérification")


@pytest.mark.django_db
def test_identity_already_verified_on_another_account(client, fake, configure, person, make_user):
    record_verification(
        make_user(), Verification.Method.IN_PERSON, VerificationLevel.IN_PERSON, identity=IDENTITY
    )
    response = complete_flow(client, fake)
    assert_unchanged(person, response, "déjà associée à un autre compte vérifié")


@pytest.mark.django_db
def test_missing_birthdate_is_explained(client, fake, configure, person):
    del fake.claims["birthdate"]
    response = complete_flow(client, fake)
    assert_unchanged(person, response, "pas transmis toutes les informations nécessaires")


@pytest.mark.django_db
def test_unreachable_provider_is_explained(client, fake, configure, person):
    configure(token_endpoint="http://127.0.0.1:1/token")
    response = complete_flow(client, fake)
    assert_unchanged(person, response, "ne répond pas correctement")


@pytest.mark.django_db
def test_flow_needs_a_logged_in_person_and_a_known_provider(client, configure, make_user):
    start = reverse("verification:oidc_start", args=["test"])
    assert client.get(start).url.startswith(reverse("accounts:login"))
    client.force_login(make_user())
    assert client.get(reverse("verification:oidc_start", args=["unknown"])).status_code == 404


@pytest.mark.django_db
def test_identity_page_lists_the_providers(client, configure, person):
    assert [provider.name for provider in available_providers()] == ["Identité Test"]
    content = client.get(reverse("verification:identity")).content.decode()
    assert reverse("verification:oidc_start", args=["test"]) in content
    assert "empreinte salée" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"test": {"name": "Sans point de terminaison"}}', "missing keys"),
        (json.dumps({"test": provider_config("https://x", token_auth="private_key_jwt")}),
         "token_auth"),
        (json.dumps({"test": provider_config("https://x", id_token_algorithms=["none"])}),
         "id_token_algorithms"),
    ],
)
def test_invalid_configuration_is_reported_clearly(client, settings, person, raw, message):
    settings.OIDC_PROVIDERS_JSON = raw
    with pytest.raises(ImproperlyConfigured, match=message):
        client.get(reverse("verification:oidc_start", args=["test"]))
