"""The Health and Care Academy portal: an application factory and nothing bound at import time."""

from pathlib import Path

from flask import Flask
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader

from portal.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(exist_ok=True)
    app.config.update(load_config(app.instance_path, config))
    from portal.forms import BoundedIntConverter

    # Before any route exists: <int:...> in a URL never exceeds what the database can hold.
    app.url_map.converters["int"] = BoundedIntConverter
    configure_jinja(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def configure_jinja(app: Flask) -> None:
    # Must happen before app.jinja_env is first touched. autoescape=True for every template,
    # including the nhsuk .jinja macros, which would otherwise print their text raw.
    app.jinja_options = {
        **app.jinja_options,
        "loader": ChoiceLoader([FileSystemLoader(app.template_folder), PackageLoader("nhsuk_frontend_jinja")]),
        # The nhsuk header macro needs chainable undefined values; tests check that our own
        # pages render the values they should, since this would hide a typo in a template.
        "undefined": ChainableUndefined,
        "autoescape": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "extensions": ["jinja2.ext.do"],
    }


def register_extensions(app: Flask) -> None:
    from portal import i18n
    from portal.database import configure_engine_events
    from portal.extensions import babel, csrf, db, login_manager, migrate

    db.init_app(app)
    with app.app_context():
        configure_engine_events(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    login_manager.init_app(app)
    from portal.auth import access

    access.init_app(app)
    from portal import security

    security.init_app(app)
    from portal.main import page_cache

    page_cache.init_app(app)
    from portal import components
    from portal.summary_lists import render_summary_list

    components.init_app(app)
    from portal.tables import render_table

    app.jinja_env.globals["render_table"] = render_table
    app.jinja_env.globals["render_summary_list"] = render_summary_list
    from portal import notifications

    notifications.init_app(app)


def register_blueprints(app: Flask) -> None:
    from portal.admin import bp as admin_bp
    from portal.auth import bp as auth_bp
    from portal.careers import bp as careers_bp
    from portal.imports import bp as imports_bp
    from portal.journey import bp as journey_bp
    from portal.main import bp as main_bp
    from portal.notifications import bp as notifications_bp
    from portal.notifications import staff_bp as notifications_staff_bp
    from portal.opportunities import bp as opportunities_bp
    from portal.opportunities import staff_bp as opportunities_staff_bp
    from portal.outreach import bp as outreach_bp
    from portal.pipeline import bp as pipeline_bp
    from portal.reports import bp as reports_bp
    from portal.schools import bp as schools_bp
    from portal.schools import staff_bp as schools_staff_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(careers_bp, url_prefix="/careers")
    app.register_blueprint(opportunities_bp, url_prefix="/opportunities")
    app.register_blueprint(journey_bp, url_prefix="/journey-to-work")
    app.register_blueprint(schools_bp, url_prefix="/schools")
    app.register_blueprint(schools_staff_bp, url_prefix="/staff/schools")
    app.register_blueprint(opportunities_staff_bp, url_prefix="/staff/opportunities")
    app.register_blueprint(auth_bp, url_prefix="/staff")
    app.register_blueprint(pipeline_bp, url_prefix="/staff/pipeline")
    app.register_blueprint(admin_bp, url_prefix="/staff/admin")
    app.register_blueprint(outreach_bp, url_prefix="/staff/outreach")
    app.register_blueprint(imports_bp, url_prefix="/staff/imports")
    app.register_blueprint(reports_bp, url_prefix="/staff/reports")
    app.register_blueprint(notifications_bp)
    app.register_blueprint(notifications_staff_bp, url_prefix="/staff/messages")


def register_errorhandlers(app: Flask) -> None:
    from portal.main.errors import init_app

    init_app(app)


def register_commands(app: Flask) -> None:
    from portal.commands import init_app

    init_app(app)
