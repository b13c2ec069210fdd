"""Production deployment gate: the production configuration passes Django's deployment
checks with no warning, and responses carry the security headers."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.urls import reverse

HOST = "parvis.example.org"
# Asks the production configuration for /sante/ through the proxy (HTTPS) and directly.
HTTPS_PROBE = f"""
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="{HOST}")
secure = client.get("/sante/", HTTP_X_FORWARDED_PROTO="https")
plain = client.get("/sante/")
print(json.dumps({{
    "secure": {{"status": secure.status_code, "headers": dict(secure.headers)}},
    "plain": {{"status": plain.status_code, "location": plain.headers.get("Location")}},
}}))
"""


@pytest.fixture
def production_env(tmp_path):
    """The environment of a production server, and nothing from the developer's."""
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "parvis.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "IDENTITY_HASH_KEY": secrets.token_urlsafe(48),
        "PARVIS_HTTPS": "1",
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'parvis.sqlite3'}",
        "PARVIS_DATA_DIR": str(tmp_path),
    }


def run_python(env, *args):
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_deploy_checks(production_env):
    result = run_python(production_env, "-m", "parvis", "check", "--deploy",
                        "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_production_forces_https_with_hsts(production_env):
    result = run_python(production_env, "-c", HTTPS_PROBE)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe["secure"]["status"] == 200
    hsts = probe["secure"]["headers"]["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    assert probe["plain"] == {"status": 301, "location": f"https://{HOST}/sante/"}


def content_security_policy(response) -> dict[str, list[str]]:
    directives = (directive.split() for directive in response.headers["Content-Security-Policy"]
                  .split(";") if directive.strip())
    return {name: sources for name, *sources in directives}


@pytest.mark.parametrize("url_name", ["home", "accounts:login"])
def test_pages_carry_security_headers(client, db, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    policy = content_security_policy(response)
    scripts = policy.get("script-src", policy["default-src"])
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, scripts
    assert "'unsafe-inline'" not in policy.get("style-src", policy["default-src"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
