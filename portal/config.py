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
        "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,
        "IMPORT_MAX_BYTES": 200 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "PER_PAGE": 25,
        # Toolkit files for schools: kept outside static/ and served by a view, never directly.
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER") or str(instance / "uploads"),
        "UPLOAD_MAX_BYTES": int(os.environ.get("UPLOAD_MAX_BYTES") or 10 * 1024 * 1024),
        "TESTING": env == "testing",
    }
    config.update(overrides)
    return config
