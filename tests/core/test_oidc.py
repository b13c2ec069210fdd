"""OpenID Connect verification against a fake provider served over real HTTP."""

import base64
import hashlib
import json
import secrets
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
from django.views.debug import ExceptionReporter

from parvis.core import birthplaces
from parvis.core.models import Role, Verification, VerificationLevel
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
    "gender": "female",
    "birthplace": "33063",
    "birthcountry": "99100",
}
IDENTITY = Identity("Jeanne Marie", "Dupont", date(1990, 7, 14), "F", "33063")


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
    requests: list = field(default_factory=list)

    def signed(self, claims, key=None):
        if self.algorithm == "HS256":
            return jwt.encode(claims, CLIENT_SECRET, algorithm="HS256")
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": KID})

    def id_token(self, grant):
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": CLIENT_ID, "sub": CLAIMS["sub"],
            "iat": now, "exp": now + 60, "nonce": grant["nonce"], "acr": "eidas1",
            **self.id_token_changes,
        }
        return self.signed({key: value for key, value in claims.items() if value is not None},
                           self.id_token_key)

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
        access_token = f"at-{secrets.token_urlsafe(24)}"
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
        fake.requests.append(("GET", self.path))
        if self.path == "/jwks-not-json":
            self.send(200, "<html>Maintenance</html>", "text/html")
        elif self.path == "/jwks":
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
        self.server.fake.requests.append(("POST", self.path))
        if self.path == "/token-moved":
            self.send_response(307)
            self.send_header("Location", "/token")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/token":
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
        settings.OIDC_PROVIDERS_SECRET = json.dumps(
            {"test": provider_config(server.url, **changes)})

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
    assert params["scope"] == (
        "openid given_name family_name birthdate gender birthplace birthcountry")
    assert params["code_challenge_method"] == "S256"
    assert params["prompt"] == "login"
    assert params["acr_values"] in ("eidas1", "eidas2")
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
    "authorised-party-is-another-client": lambda fake, key: fake.id_token_changes.update(
        azp="another-client"),
    "issued-400-days-ago": lambda fake, key: fake.id_token_changes.update(
        iat=int(time.time()) - 400 * 86400),
    "no-issue-time": lambda fake, key: fake.id_token_changes.update(iat=None),
    "level-eidas0": lambda fake, key: fake.id_token_changes.update(acr="eidas0"),
    "no-level": lambda fake, key: fake.id_token_changes.update(acr=None),
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
    settings.OIDC_PROVIDERS_SECRET = raw
    with pytest.raises(ImproperlyConfigured, match=message):
        client.get(reverse("verification:oidc_start", args=["test"]))


@pytest.mark.django_db
@pytest.mark.parametrize(("returned", "verified"),
                         [("eidas1", False), ("eidas2", True), ("eidas3", True)])
def test_the_level_of_assurance_must_reach_the_configured_minimum(
    client, fake, configure, person, returned, verified
):
    configure(acr_values="eidas2")
    fake.id_token_changes["acr"] = returned
    complete_flow(client, fake)
    person.refresh_from_db()
    assert (person.verification_level == VerificationLevel.IDENTITY) is verified


@pytest.mark.django_db
def test_a_person_born_abroad_is_identified_by_the_country_code(client, fake, configure,
                                                               person):
    fake.claims.update(birthplace="", birthcountry="99134")
    complete_flow(client, fake)
    person.refresh_from_db()
    assert person.identity_hash == identity_hash(
        Identity("Jeanne Marie", "Dupont", date(1990, 7, 14), "F", "99134"))


@pytest.mark.django_db
def test_missing_gender_is_explained(client, fake, configure, person):
    del fake.claims["gender"]
    response = complete_flow(client, fake)
    assert_unchanged(person, response, "pas transmis toutes les informations nécessaires")


@pytest.mark.django_db
def test_the_person_is_logged_out_of_the_provider_after_the_callback(
    client, fake, configure, person, make_user
):
    configure(end_session_endpoint=f"{fake.issuer}/logout")
    params, code = authorize(client, fake)
    response = client.get(reverse("verification:oidc_callback", args=["test"]),
                          {"code": code, "state": params["state"]})
    location = urlsplit(response.url)
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{fake.issuer}/logout"
    logout = {key: values[0] for key, values in parse_qs(location.query).items()}
    assert logout["post_logout_redirect_uri"].endswith(reverse("verification:identity"))
    assert logout["id_token_hint"].count(".") == 2 and logout["state"]
    person.refresh_from_db()
    assert person.verification_level == VerificationLevel.IDENTITY
    # A refused identity logs out of the provider too.
    client.force_login(make_user())
    params, code = authorize(client, fake)
    refused = client.get(reverse("verification:oidc_callback", args=["test"]),
                         {"code": code, "state": params["state"]})
    assert refused.url.startswith(f"{fake.issuer}/logout?")


@pytest.mark.django_db
def test_a_key_set_that_is_not_json_is_explained(client, fake, configure, person):
    configure(jwks_uri=f"{fake.issuer}/jwks-not-json")
    response = complete_flow(client, fake)
    assert_unchanged(person, response, "n&#x27;a pas pu être vérifiée")


@pytest.mark.django_db
def test_a_redirected_token_request_is_not_followed(client, fake, configure, person):
    configure(token_endpoint=f"{fake.issuer}/token-moved")
    response = complete_flow(client, fake)
    assert_unchanged(person, response, "ne répond pas correctement")
    assert ("POST", "/token") not in fake.requests  # the client secret was not sent again


@pytest.mark.django_db
def test_error_reports_hide_tokens_verifier_and_secrets(client, fake, configure, person,
                                                        monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr("parvis.core.services.oidc.record_verification", crash)
    params, code = authorize(client, fake)
    with pytest.raises(RuntimeError) as excinfo:
        client.get(reverse("verification:oidc_callback", args=["test"]),
                   {"code": code, "state": params["state"]})
    report = ExceptionReporter(None, excinfo.type, excinfo.value, excinfo.tb)
    frames = [frame for frame in report.get_traceback_frames()
              if "/parvis/" in frame["filename"]]  # the project's, not the test's
    assert {"oidc_callback", "complete_verification"} <= {frame["function"] for frame in frames}
    shown = str([frame["vars"] for frame in frames])
    (access_token,) = fake.access_tokens
    for secret in (access_token, CLIENT_SECRET, params["nonce"], "code_verifier"):
        assert secret not in shown
    assert report.filter.get_safe_settings()["OIDC_PROVIDERS_SECRET"] != "{}"
    assert CLIENT_SECRET not in str(report.filter.get_safe_settings())


@pytest.mark.parametrize(
    ("url", "https", "accepted"),
    [("http://127.0.0.1:8080", False, True), ("http://127.0.0.1:8080", True, False),
     ("http://idp.example.org", False, False), ("https://idp.example.org", True, True)],
)
def test_endpoints_must_be_https(settings, url, https, accepted):
    settings.HTTPS = https
    settings.OIDC_PROVIDERS_SECRET = json.dumps({"test": provider_config(url)})
    if accepted:
        assert [provider.slug for provider in available_providers()] == ["test"]
    else:
        with pytest.raises(ImproperlyConfigured, match="https://"):
            available_providers()


# The same person through FranceConnect and at a help desk, the agent typing what the ID
# card prints and picking the first place their search finds.
CROSS_CHANNEL = {
    "country-of-birth": ({"birthplace": "", "birthcountry": "99134"}, {"search": "Espagne"}),
    "arrondissement": ({"birthplace": "69383"}, {"search": "Lyon 3e (69)"}),
    "arrondissement-card-says-the-city": ({"birthplace": "69383"}, {"search": "Lyon (69)"}),
    "given-names-with-comma": ({"given_name": "Jean-Pierre Louis"},
                               {"given_names": "Jean-Pierre, Louis"}),
    "curly-apostrophe": ({"family_name": "D'Almeida"}, {"family_name": "D’Almeida"}),
    "control-bordeaux": ({}, {"search": "Bordeaux (33)"}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CROSS_CHANNEL)
def test_one_person_through_franceconnect_then_the_desk_is_recognised(
    client, fake, configure, person, make_user, make_staff, make_service, case
):
    claims, card = CROSS_CHANNEL[case]
    fake.claims.update(claims)
    complete_flow(client, fake)
    person.refresh_from_db()
    assert person.verification_level == VerificationLevel.IDENTITY
    agent = make_staff(Role.AGENT, service=make_service())
    client.force_login(agent)
    other_account = make_user()
    picked = birthplaces.search(card.get("search", "Bordeaux (33)"))[0]
    response = client.post(reverse("verification:person", args=[other_account.pk]), {
        "given_names": card.get("given_names", fake.claims["given_name"]),
        "family_name": card.get("family_name", fake.claims["family_name"]),
        "birthdate": "1990-07-14", "gender": "F", "birthplace": picked.code,
        "document": "cni", "document_checked": "on",
    })
    assert "déjà associée à un autre compte vérifié" in response.content.decode()
    other_account.refresh_from_db()
    assert other_account.identity_hash is None
