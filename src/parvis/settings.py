"""Django settings for Parvis, read from environment variables (see README)."""

from email.utils import parseaddr
from pathlib import Path

import dj_database_url

from parvis.config import (
    cache_settings,
    email_settings,
    env_bool,
    env_int,
    env_list,
    env_str,
    identity_hash_key,
    logging_config,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("PARVIS_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
# The demo (`make demo`): e-mails stay in the outbox, shown at /demo/courriels/. Never in
# production (`parvis check --deploy` refuses it).
DEMO = env_bool("PARVIS_DEMO", False)
# Production runs behind HTTPS (PARVIS_HTTPS=1): every transport setting is strict.
HTTPS = env_bool("PARVIS_HTTPS", False)
SECRET_KEY = secret_key(DATA_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env_str("PARVIS_SITE_NAME", "Parvis")
ORGANISATION_NAME = env_str("PARVIS_ORGANISATION", "Bordeaux Métropole")
# The RGAA 4.1 conformity rate (percent) the latest accessibility audit found; empty before
# any audit. The accessibility statement publishes it and a strategy indicator follows it.
RGAA_CONFORMITY_RATE = env_str("PARVIS_RGAA_CONFORMITY_RATE", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",  # serves the API docs' assets locally, not from a CDN
    "django_tasks",
    "django_tasks_db",
    "parvis.core",
    "parvis.processes",
    # Shared services, then the participation tools (each registers its module).
    "parvis.notifications",
    "parvis.moderation",
    "parvis.comments",
    "parvis.reports",
    "parvis.ideas",
    "parvis.agenda",
    "parvis.consultations",
    "parvis.panels",
    "parvis.lending",
    "parvis.calls",
    "parvis.budgets",
    "parvis.footprint",
    "parvis.indicators",
    "parvis.realisations",
    # The site's own sections, built from the registry.
    "parvis.opendata",
]

MIDDLEWARE = [
    "parvis.core.observability.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "parvis.core.middleware.RequestBoundsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "parvis.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "parvis.core.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "parvis.core.views_errors.ErrorPagesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "parvis.urls"
WSGI_APPLICATION = "parvis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parvis.core.context_processors.site",
            ],
            # Every template's `date` filter says the first of a month « 1er ».
            "builtins": ["parvis.core.templatetags.french_dates"],
        },
    },
]

# Database: embedded SQLite (WAL mode) by default, PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'parvis.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = cache_settings(env_str("CACHE_URL", "locmem://"))
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if "redis" in CACHES["default"]["BACKEND"].lower()
    else "django.contrib.sessions.backends.db"
)

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["parvis.core.auth_backends.EmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "my_space"
CSRF_FAILURE_VIEW = "parvis.core.views_errors.csrf_failure"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Rate limits (parvis.core.throttle): atomic counters shared by every server process, in
# the database, or in the cache when it is Redis (THROTTLE_STORE=database|cache).
THROTTLE_STORE = env_str(
    "THROTTLE_STORE", "cache" if "redis" in CACHES["default"]["BACKEND"].lower() else "database"
)
# Addresses or networks (CIDR) of the reverse proxies in front of the application: behind
# them, the client's address is read from X-Forwarded-For (see throttle.client_ip).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Login throttling: failed logins (wrong password or code) allowed within the window for one
# account from one client address, for one account from anywhere, and from one address
# whatever the account (high, so that a help desk or a public Wi-Fi is not locked out).
LOGIN_THROTTLE_WINDOW = env_int("LOGIN_THROTTLE_WINDOW", 15 * 60)
LOGIN_THROTTLE_PER_ACCOUNT_CLIENT = env_int("LOGIN_THROTTLE_PER_ACCOUNT_CLIENT", 5)
LOGIN_THROTTLE_PER_ACCOUNT = env_int("LOGIN_THROTTLE_PER_ACCOUNT", 20)
LOGIN_THROTTLE_PER_IP = env_int("LOGIN_THROTTLE_PER_IP", 100)
# E-mails about an account (password reset, registration notices, confirmation links) sent
# to one address per hour.
ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR = env_int("ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR", 3)

# Two-factor authentication (TOTP) required for staff roles (agents, moderators, process
# managers, administrators): on unless DEBUG; `make demo` switches it off.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = SITE_NAME  # the name authenticator apps show

# API tokens: requests allowed per token and hour unless the token sets its own limit, and
# the lifetime of a token created without an explicit expiry.
API_TOKEN_REQUESTS_PER_HOUR = env_int("API_TOKEN_REQUESTS_PER_HOUR", 1000)
API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 365)

# Identity verification: HMAC key of the identity fingerprints that keep one verified
# account per person. Required in production (PARVIS_HTTPS=1): it must outlive SECRET_KEY
# rotations and be the same on every app server. For the demo it is generated once and kept
# in the data directory. After a rotation, the previous keys (comma-separated) keep
# recognising the fingerprints made with them.
IDENTITY_HASH_KEY = identity_hash_key(DATA_DIR, required=HTTPS)
IDENTITY_HASH_PREVIOUS_KEYS = env_list("IDENTITY_HASH_PREVIOUS_KEYS")
# OpenID Connect identity providers (FranceConnect or any OIDC provider), as JSON:
# {"franceconnect": {"name": "FranceConnect", "issuer": "...", "client_id": "...", ...}}
# It holds client secrets: the setting's name keeps it hidden in error reports.
OIDC_PROVIDERS_SECRET = env_str("OIDC_PROVIDERS", "{}")

# Without commune contours (parvis load_territory --boundaries), a point belongs to the
# territory when it lies within this distance of the nearest commune centre.
TERRITORY_MAX_DISTANCE_M = env_int("TERRITORY_MAX_DISTANCE_M", 6000)

LANGUAGE_CODE = "fr"
# French first; a language is added here together with its catalog under locale/.
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the site's own files (parvis/parvis.css…)
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from it once collected
# Public media (published photos and images) under MEDIA_URL; with MEDIA_STORAGE=file the
# application serves them itself only with SERVE_MEDIA (the demo), the web server does in
# production.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
SERVE_MEDIA = env_bool("SERVE_MEDIA", not HTTPS)
# Private files (letters of intent, loan conventions, event documents): outside MEDIA_ROOT,
# never routed; only `core.views.private_file` serves them, after the permission check,
# itself (PRIVATE_MEDIA_SERVE=django), through nginx (`nginx`: X-Accel-Redirect to the
# internal location PRIVATE_MEDIA_URL) or Apache (`apache`: X-Sendfile), or from object
# storage by a pre-signed URL valid PRIVATE_MEDIA_URL_LIFETIME seconds.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(DATA_DIR / "private")))
PRIVATE_MEDIA_URL = "/fichiers-internes/"
PRIVATE_MEDIA_SERVE = env_str("PRIVATE_MEDIA_SERVE", "django")
PRIVATE_MEDIA_URL_LIFETIME = env_int("PRIVATE_MEDIA_URL_LIFETIME", 60)
# Static files are collected (`parvis collectstatic`) and served compressed by WhiteNoise;
# in DEBUG they are served straight from the source tree.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "parvis.core.files.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if env_str("MEDIA_STORAGE", "file") == "s3":
    # S3-compatible object storage (pip install parvis[s3]); AWS_* variables configure it.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = False
    # Private files in a bucket of their own, with no public access: only pre-signed URLs.
    STORAGES["private"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": env_str("AWS_PRIVATE_STORAGE_BUCKET_NAME") or AWS_STORAGE_BUCKET_NAME,
        "querystring_auth": True, "querystring_expire": PRIVATE_MEDIA_URL_LIFETIME,
        "default_acl": "private",
    }}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# The largest request body accepted: a photo or document (10 MB) or a few letters of intent
# (5 MB each) with the form's fields. Larger ones are refused from their Content-Length.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 25 * 1024 * 1024)

# Background tasks (parvis.core.tasks): django-tasks' database backend, run by `parvis worker`
# processes. A task running for longer than the lease is taken for the work of a dead worker
# and run again; every worker looks for such work every TASKS_SWEEP_SECONDS.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASKS_LEASE_SECONDS = env_int("TASKS_LEASE_SECONDS", 15 * 60)
TASKS_SWEEP_SECONDS = env_int("TASKS_SWEEP_SECONDS", 60)
# E-mails leave through the outbox (parvis.core.mail): attempts before one is abandoned.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8)

globals().update(email_settings(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Parvis <ne-pas-repondre@parvis.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Notifications on people's devices (standard Web Push, no third-party service), offered when
# WEB_PUSH=1 with a VAPID key pair (`parvis vapid_keys` makes one); the subject is the
# operator's contact (mailto: or https:) that push services may use.
WEB_PUSH = env_bool("WEB_PUSH", False)
VAPID_PUBLIC_KEY = env_str("VAPID_PUBLIC_KEY", "")
VAPID_PRIVATE_KEY = env_str("VAPID_PRIVATE_KEY", "")
VAPID_SUBJECT = env_str("VAPID_SUBJECT", f"mailto:{parseaddr(DEFAULT_FROM_EMAIL)[1]}")
# Push services are on the internet; one on the organisation's own network must be allowed.
WEB_PUSH_PRIVATE_HOSTS = env_bool("WEB_PUSH_PRIVATE_HOSTS", False)

# Security (HTTPS above).
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading (security.W021) commits the whole registrable domain: the operator opts in.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Retention periods of personal data, in days (enforced by `parvis purge_expired`).
RETENTION_DAYS = {
    "unconfirmed_accounts": env_int("RETENTION_UNCONFIRMED_ACCOUNTS_DAYS", 30),
    "login_attempts": env_int("RETENTION_LOGIN_ATTEMPTS_DAYS", 30),
    "audit_log": env_int("RETENTION_AUDIT_LOG_DAYS", 365 * 5),
    "help_consents": env_int("RETENTION_HELP_CONSENTS_DAYS", 365),
    "sessions": 14,
    "report_contacts": env_int("RETENTION_REPORT_CONTACTS_DAYS", 365),
    "moderation_flags": env_int("RETENTION_MODERATION_FLAGS_DAYS", 365),
    "notifications": env_int("RETENTION_NOTIFICATIONS_DAYS", 365),
    "event_registrations": env_int("RETENTION_EVENT_REGISTRATIONS_DAYS", 90),
    "loans": env_int("RETENTION_LOANS_DAYS", 365),  # after the loan ended
    "panel_volunteers": env_int("RETENTION_PANEL_VOLUNTEERS_DAYS", 180),  # after the panel ends
    "outbox": env_int("RETENTION_OUTBOX_DAYS", 30),  # e-mails, after they were sent
    "task_results": env_int("RETENTION_TASK_RESULTS_DAYS", 7),  # finished background tasks
}

# Issue reports: photo size limit and submissions allowed per hour.
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 10 * 1024 * 1024)
REPORTS_PER_HOUR_PER_PERSON = env_int("REPORTS_PER_HOUR_PER_PERSON", 10)
REPORTS_PER_HOUR_PER_IP = env_int("REPORTS_PER_HOUR_PER_IP", 30)
# E-mails of a report's follow-up link asked from its page, per report (three times as many
# per client address).
REPORTS_FOLLOW_LINK_EMAILS_PER_HOUR = env_int("REPORTS_FOLLOW_LINK_EMAILS_PER_HOUR", 3)
# Maps: the base map is drawn by the site (the communes in SVG). A tile server URL such as
# https://tuiles.example.org/{z}/{x}/{y}.png (see the README for IGN's Géoplateforme) adds
# a detailed map loaded on demand; its origin is added to the CSP img-src of map pages.
MAP_TILES_URL = env_str("MAP_TILES_URL", "")
MAP_ATTRIBUTION = env_str("MAP_ATTRIBUTION", "© OpenStreetMap")
# Address completion and reverse geocoding (`/adresses/`), per client address and minute.
ADDRESSES_PER_MINUTE_PER_IP = env_int("ADDRESSES_PER_MINUTE_PER_IP", 120)
REPORTS_MAP_MAX_FEATURES = env_int("REPORTS_MAP_MAX_FEATURES", 500)
# Participation agenda: documents attached to events (PDF, ODT, DOCX), maximum size.
AGENDA_DOCUMENT_MAX_BYTES = env_int("AGENDA_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# A registration made without an account (or for an address the account has not confirmed)
# takes a seat only once the link e-mailed to the address is followed, within this many
# hours; such registrations are limited per address and per client address, per hour.
AGENDA_CONFIRMATION_HOURS = env_int("AGENDA_CONFIRMATION_HOURS", 2)
AGENDA_REGISTRATIONS_PER_HOUR_PER_EMAIL = env_int("AGENDA_REGISTRATIONS_PER_HOUR_PER_EMAIL", 3)
AGENDA_REGISTRATIONS_PER_HOUR_PER_IP = env_int("AGENDA_REGISTRATIONS_PER_HOUR_PER_IP", 20)
# Calls for projects: maximum size of a partner's letter of intent (PDF).
CALLS_LETTER_MAX_BYTES = env_int("CALLS_LETTER_MAX_BYTES", 5 * 1024 * 1024)
# Consultations: responses allowed per hour from one address when no account is needed.
CONSULTATIONS_ANONYMOUS_PER_HOUR = env_int("CONSULTATIONS_ANONYMOUS_PER_HOUR", 20)
# Open311 GeoReport v2: the jurisdiction_id clients may send (default: SITE_URL's host).
OPEN311_JURISDICTION_ID = env_str("OPEN311_JURISDICTION_ID", "")

# Moderation: the charter version everyone accepts before contributing (a new version asks
# again), contributions allowed per person and hour, links allowed in one contribution.
MODERATION_CHARTER_VERSION = env_str("MODERATION_CHARTER_VERSION", "2026-1")
MODERATION_CONTRIBUTIONS_PER_HOUR = env_int("MODERATION_CONTRIBUTIONS_PER_HOUR", 20)
MODERATION_NEW_ACCOUNT_DAYS = env_int("MODERATION_NEW_ACCOUNT_DAYS", 7)
MODERATION_NEW_ACCOUNT_LINKS = env_int("MODERATION_NEW_ACCOUNT_LINKS", 1)
MODERATION_LINKS = env_int("MODERATION_LINKS", 10)

# Participatory budgets: a desk session with more paper ballots than this needs a second
# agent's confirmation of its count.
BUDGETS_DESK_CONFIRMATION_THRESHOLD = env_int("BUDGETS_DESK_CONFIRMATION_THRESHOLD", 30)

# Equipment lending: members are reminded this many days before a loan ends.
LENDING_REMINDER_DAYS = env_int("LENDING_REMINDER_DAYS", 14)

# Comments: how long after posting the author may still edit a comment.
COMMENTS_EDIT_WINDOW_MINUTES = env_int("COMMENTS_EDIT_WINDOW_MINUTES", 15)

# Every log line carries its request id; production writes JSON lines for log collectors.
LOGGING = logging_config(env_str("LOG_LEVEL", "INFO"),
                         env_str("LOG_FORMAT", "json" if HTTPS else "text"))
# Prometheus scrapes /sante/metriques/ with `Authorization: Bearer <METRICS_TOKEN>`; without a
# token the page does not exist.
METRICS_TOKEN = env_str("METRICS_TOKEN")
