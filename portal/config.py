"""Settings, read from the environment so that one build runs anywhere.

PORTAL_ENV picks the mode: ``development`` (the default, for the README's first command),
``testing`` or ``production``. Production refuses to start without SECRET_KEY.
"""

import os
import secrets
from pathlib import Path

LANGUAGES = {
    # URL/cookie tag -> (Babel locale used for catalogues and formatting, name in its own script)
    "en": ("en_GB", "English"),
    "uk": ("uk", "Українська"),
    "ar": ("ar", "العربية"),
    "prs": ("fa_AF", "دری"),
    "ps": ("ps", "پښتو"),
}
RTL_LANGUAGES = {"ar", "prs", "ps"}

# Consent wording shown to people; bump the version whenever the words change.
CONSENT_VERSION = "2026-11"


class ConfigError(RuntimeError):
    """The app cannot start with the settings it was given."""


def _instance_secret(instance_path: Path) -> str:
    """A per-checkout random key for development, so no one ever needs to set one by hand."""
    instance_path.mkdir(parents=True, exist_ok=True)
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    overrides = dict(overrides or {})
    env = overrides.pop("PORTAL_ENV", None) or os.environ.get("PORTAL_ENV", "development")
    if env not in {"development", "testing", "production"}:
        raise ConfigError(f"PORTAL_ENV must be development, testing or production, not {env!r}")
    instance = Path(instance_path)

    secret_key = overrides.get("SECRET_KEY") or os.environ.get("SECRET_KEY")
    if not secret_key:
        if env == "production":
            raise ConfigError("SECRET_KEY must be set in the environment when PORTAL_ENV=production")
        secret_key = "testing-only-secret" if env == "testing" else _instance_secret(instance)

    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'portal.db'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")

    config = {
        "PORTAL_ENV": env,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        # A restarted PostgreSQL would otherwise fail the first request after it comes back.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SQLALCHEMY_RECORD_QUERIES": False,
        # Only `flask db upgrade` creates a SQLite database; the tests make throwaway ones.
        "SQLITE_CREATE_DATABASE": env == "testing",
        "LANGUAGES": LANGUAGES,
        "RTL_LANGUAGES": RTL_LANGUAGES,
        "BABEL_DEFAULT_LOCALE": "en_GB",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).resolve().parent.parent / "translations"),
        "LANGUAGE_COOKIE": "portal_lang",
        "SERVICE_NAME": os.environ.get("SERVICE_NAME", "Health and Care Academy"),
        "CONSENT_VERSION": CONSENT_VERSION,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": env == "production",
        # The largest request accepted (a file upload included), and the most a form without a
        # file may hold; larger gets the 413 page before any view runs.
        # Staff sessions end after 30 idle minutes and, whatever happens, after a working day.
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "30")),
        "SESSION_ABSOLUTE_HOURS": int(os.environ.get("SESSION_ABSOLUTE_HOURS", "10")),
        # last_seen_at of a session is written at most this often (a page view rarely writes).
        "SESSION_TOUCH_SECONDS": int(os.environ.get("SESSION_TOUCH_SECONDS", "60")),
        # Sign-in throttling instead of a lock-out (portal/auth/throttle.py): failures allowed
        # per email address and per client address before each further one doubles the wait,
        # up to THROTTLE_MAX_SECONDS; failures are forgotten after THROTTLE_FORGET_MINUTES.
        "THROTTLE_ACCOUNT_FREE": int(os.environ.get("THROTTLE_ACCOUNT_FREE", "5")),
        "THROTTLE_ADDRESS_FREE": int(os.environ.get("THROTTLE_ADDRESS_FREE", "20")),
        "THROTTLE_MAX_SECONDS": int(os.environ.get("THROTTLE_MAX_SECONDS", "300")),
        "THROTTLE_FORGET_MINUTES": int(os.environ.get("THROTTLE_FORGET_MINUTES", "60")),
        # Invitation and password-reset links work once, for this many hours.
        "ACCOUNT_TOKEN_HOURS": int(os.environ.get("ACCOUNT_TOKEN_HOURS", "72")),
        # "Forgotten your password?" emails an account at most once in this many minutes.
        "PASSWORD_RESET_EMAIL_MINUTES": int(os.environ.get("PASSWORD_RESET_EMAIL_MINUTES", "15")),
        # A function returning the time (naive UTC) for sessions and throttling; tests set it.
        "CLOCK": None,
        # Authenticator codes are accepted one 30-second step either side of now (clock drift).
        "TOTP_VALID_WINDOW": 1,
        # `flask retention` anonymises people with no activity for this many years.
        "RETENTION_YEARS": int(os.environ.get("RETENTION_YEARS", "6")),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH") or 10 * 1024 * 1024),
        # Imports of a few years' history are bigger than any other form: the import upload's own
        # limit, for the whole request (portal/uploads.py).
        "IMPORT_MAX_BYTES": int(os.environ.get("IMPORT_MAX_BYTES") or 200 * 1024 * 1024),
        "MAX_FORM_MEMORY_SIZE": 256 * 1024,
        "MAX_FORM_PARTS": 500,
        # How many proxies in front of the portal set X-Forwarded-For/-Proto (0: none). Needed
        # for the client address in the audit log and rate limits, and for HSTS behind TLS offload.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        # Rate limits on posts from one address (see portal/security.py), counted in Redis when
        # REDIS_URL is set, so that every worker shares one count. Without it the count is per
        # process: with N gunicorn workers an address can post up to N times the limit.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or "memory://",
        # If Redis stops answering, each worker counts on its own until it is back, rather than
        # refusing every public form.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_SIGN_IN": os.environ.get("RATELIMIT_SIGN_IN", "10 per minute;50 per hour"),
        # Generous: a class of pupils may share one school address.
        "RATELIMIT_PUBLIC_FORMS": os.environ.get("RATELIMIT_PUBLIC_FORMS", "60 per minute;600 per hour"),
        "WTF_CSRF_TIME_LIMIT": None,
        "PER_PAGE": 25,
        # Seconds a public catalogue page is kept for visitors not signed in (portal/main/page_cache.py); 0: off.
        "PAGE_CACHE_SECONDS": int(os.environ.get("PAGE_CACHE_SECONDS", "0" if env == "testing" else "60")),
        # The cache (Flask-Caching) is in each process unless REDIS_URL is set, when every worker
        # and host shares it. Tests never pick up a developer's Redis: they pass REDIS_URL themselves.
        "REDIS_URL": "" if env == "testing" else os.environ.get("REDIS_URL", ""),
        "CACHE_KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal:"),
        # Toolkit files for schools: kept outside static/ and served by a view, never directly.
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER") or str(instance / "uploads"),
        "UPLOAD_MAX_BYTES": int(os.environ.get("UPLOAD_MAX_BYTES") or 10 * 1024 * 1024),
        # Messages (portal/notifications): how email leaves (smtp://host:port,
        # smtp+starttls://user:password@host:port, notify://API_KEY); unset keeps every message
        # on the staff Messages page instead of sending it.
        "MAIL_URL": os.environ.get("MAIL_URL", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Health and Care Academy <academy@example.nhs.uk>"),
        "NOTIFY_EMAIL_TEMPLATE_ID": os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", ""),
        "NOTIFY_SMS_TEMPLATE_ID": os.environ.get("NOTIFY_SMS_TEMPLATE_ID", ""),
        "NOTIFY_BASE_URL": os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"),
        # The portal's address as the public reaches it: the worker has no request to take it from.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://localhost" if env == "testing" else "http://127.0.0.1:5000"),
        "ACADEMY_CONTACT_EMAIL": os.environ.get("ACADEMY_CONTACT_EMAIL", "academy@example.nhs.uk"),
        "ACADEMY_CONTACT_PHONE": os.environ.get("ACADEMY_CONTACT_PHONE", "0300 123 4567"),
        "ACADEMY_ADDRESS": os.environ.get(
            "ACADEMY_ADDRESS", "Health and Care Academy, 1 Example Street, Leeds LS1 1AA"
        ),
        # The job queue: Redis when REDIS_URL is set, else a SQLite file beside the database.
        # Tests use an in-memory queue unless they ask for one of these.
        "HUEY_FILENAME": os.environ.get("HUEY_FILENAME") or str(instance / "huey.db"),
        "HUEY_MEMORY": env == "testing",
        "MESSAGE_MAX_ATTEMPTS": int(os.environ.get("MESSAGE_MAX_ATTEMPTS", "6")),
        "MESSAGE_RETRY_SECONDS": int(os.environ.get("MESSAGE_RETRY_SECONDS", "30")),
        # A queued message this old that no worker has taken is enqueued again (a crash between
        # the commit and the enqueue); one claimed this long ago without a result is failed.
        "MESSAGE_SWEEP_SECONDS": int(os.environ.get("MESSAGE_SWEEP_SECONDS", "120")),
        "MESSAGE_STALE_SENDING_SECONDS": int(os.environ.get("MESSAGE_STALE_SENDING_SECONDS", "900")),
        "DIGEST_HOUR": int(os.environ.get("DIGEST_HOUR", "7")),
        # The nightly retention job only lists who is due unless this is "apply".
        "RETENTION_SCHEDULE": os.environ.get("RETENTION_SCHEDULE", "dry-run"),
        "RETURN_LINK_DAYS": int(os.environ.get("RETURN_LINK_DAYS", "7")),
        "RETURN_SESSION_MINUTES": int(os.environ.get("RETURN_SESSION_MINUTES", "30")),
        "TESTING": env == "testing",
    }
    if env == "testing":
        # The suite signs in and posts far more than a person would; the tests of the limits
        # themselves set their own.
        config["RATELIMIT_SIGN_IN"] = config["RATELIMIT_PUBLIC_FORMS"] = "100000 per minute"
    config.update(overrides)
    config.setdefault("CACHE_TYPE", "RedisCache" if config["REDIS_URL"] else "SimpleCache")
    config.setdefault("CACHE_REDIS_URL", config["REDIS_URL"])
    # SimpleCache's limit on entries per process; RedisCache ignores it and lets the TTLs evict.
    config.setdefault("CACHE_THRESHOLD", 1000)
    return config
