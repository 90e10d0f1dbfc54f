"""The app factory and configuration."""

import pytest

from portal import create_app
from portal.config import ConfigError


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"PORTAL_ENV": "production"})


def test_production_starts_with_secret_key_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-key")
    app = create_app({"PORTAL_ENV": "production"})
    assert app.config["SECRET_KEY"] == "a-long-random-production-key"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert not app.testing


def test_unknown_mode_is_refused():
    with pytest.raises(ConfigError, match="PORTAL_ENV"):
        create_app({"PORTAL_ENV": "staging"})


def test_development_makes_and_keeps_its_own_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app({"PORTAL_ENV": "development"}).config["SECRET_KEY"]
    second = create_app({"PORTAL_ENV": "development"}).config["SECRET_KEY"]
    assert len(first) >= 32 and first == second


def test_sqlite_under_instance_is_the_default(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"PORTAL_ENV": "testing"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/portal.db")


@pytest.mark.parametrize(
    "given",
    ["postgres://u@db.example/portal", "postgresql://u@db.example/portal", "postgresql+psycopg://u@db.example/portal"],
)
def test_database_url_from_environment_uses_psycopg(monkeypatch, given):
    monkeypatch.setenv("DATABASE_URL", given)
    app = create_app({"PORTAL_ENV": "testing"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/portal"


def test_engine_checks_connections_before_use():
    app = create_app({"PORTAL_ENV": "testing"})
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


def test_jinja_autoescapes_every_template_including_nhsuk_macros(app):
    assert app.jinja_env.autoescape is True
    html = app.jinja_env.from_string(
        '{% from "nhsuk/components/button/macro.jinja" import button %}{{ button({"text": name}) }}'
    ).render(name="<script>alert(1)</script>")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
