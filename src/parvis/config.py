"""Reading the deployment's configuration from environment variables.

Every setting has a safe default for the demo; production sets the variables listed
in the README.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

MIN_KEY_LENGTH = 32


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def secret_key(data_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data dir."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    return _kept_secret(data_dir / "secret_key")


def _kept_secret(path: Path) -> str:
    """A random secret generated once and kept in a file readable by its owner only."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def identity_hash_key(data_dir: Path, required: bool) -> str:
    """IDENTITY_HASH_KEY from the environment; when not `required` (the demo), one
    generated once and kept in the data dir, never derived from SECRET_KEY."""
    key = os.environ.get("IDENTITY_HASH_KEY", "")
    if key or required:
        if len(key) < MIN_KEY_LENGTH:
            raise ImproperlyConfigured(
                f"IDENTITY_HASH_KEY must be set to a random value of at least {MIN_KEY_LENGTH}"
                " characters in production (PARVIS_HTTPS=1), kept apart from SECRET_KEY."
            )
        return key
    return _kept_secret(data_dir / "identity_hash_key")


SMTP_TIMEOUT = 30  # seconds: a mail server that stops answering must not hold a worker


def email_settings(url: str) -> dict:
    """Django e-mail settings from an EMAIL_URL such as smtp+tls://user:pass@host:587, with
    a timeout (`?timeout=`, else `SMTP_TIMEOUT`) for the SMTP ones."""
    parts = urlsplit(url)
    scheme = parts.scheme
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if scheme not in backends:
        raise ValueError(f"EMAIL_URL: unsupported scheme {scheme!r}")
    settings = {"EMAIL_BACKEND": backends[scheme]}
    if scheme.startswith("smtp"):
        settings.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or (465 if scheme == "smtps" else 587),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=scheme == "smtp+tls",
            EMAIL_USE_SSL=scheme == "smtps",
            EMAIL_TIMEOUT=int(parse_qs(parts.query).get("timeout", [SMTP_TIMEOUT])[0]),
        )
    return settings


def cache_settings(url: str) -> dict:
    """Django CACHES from a CACHE_URL: locmem:// (default) or redis://host:6379/0."""
    scheme = urlsplit(url).scheme
    if scheme == "locmem":
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if scheme in {"redis", "rediss"}:
        backend = "django.core.cache.backends.redis.RedisCache"
        return {"default": {"BACKEND": backend, "LOCATION": url}}
    raise ValueError(f"CACHE_URL: unsupported scheme {scheme!r}")


def logging_config(level: str, log_format: str) -> dict:
    """The LOGGING setting: every record to standard error with its request id, as JSON lines
    (`json`, for log collectors) or as text."""
    formats = {
        "json": {"()": "parvis.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    }
    if log_format not in formats:
        raise ValueError(f"LOG_FORMAT: expected one of {sorted(formats)}, got {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "parvis.core.logs.RequestIdFilter"}},
        "formatters": {"default": formats[log_format]},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default",
                                 "filters": ["request_id"]}},
        "root": {"handlers": ["console"], "level": level},
    }
