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
    from portal.uploads import PortalRequest

    # Each page's request-size limit, known before anything reads the body.
    app.request_class = PortalRequest
    from portal.ui.forms import BoundedIntConverter

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
    from portal.ui import cards, tables

    # Lists' tables and the staff home's cards: templates import them from components/.
    app.jinja_env.globals.update(list_table=tables.table, nhs_card=cards.card)


def register_extensions(app: Flask) -> None:
    from portal import database_file, i18n
    from portal.database import configure_engine_events, init_unit_of_work
    from portal.extensions import babel, cache, csrf, db, login_manager, migrate

    db.init_app(app)
    init_unit_of_work(app, db)
    with app.app_context():
        configure_engine_events(db.engine)
        database_file.watch(app, db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    cache.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    login_manager.init_app(app)
    from portal.auth import access

    access.init_app(app)
    from portal import security

    security.init_app(app)
    from portal.main import page_cache

    page_cache.init_app(app)
    from portal import notifications

    notifications.init_app(app)


# Each area's views add their routes to its blueprint; these modules join shared features (the
# importer registry, the intake kinds) when imported. Nothing else imports an area's views.
AREA_MODULES = (
    "portal.main.views",
    "portal.main.navigation",
    "portal.main.public_pages",
    "portal.careers.views",
    "portal.careers.quiz_views",
    "portal.opportunities.views",
    "portal.opportunities.staff_views",
    "portal.opportunities.application_views",
    "portal.opportunities.job_views",
    "portal.journey.views",
    "portal.schools.views",
    "portal.schools.staff_views",
    "portal.schools.session_views",
    "portal.schools.request_views",
    "portal.schools.toolkit_views",
    "portal.schools.imports",
    "portal.auth.views",
    "portal.auth.account_views",
    "portal.pipeline.views",
    "portal.people.views",
    "portal.people.duplicate_views",
    "portal.admin.views",
    "portal.admin.account_views",
    "portal.outreach.views",
    "portal.outreach.case_views",
    "portal.outreach.record_views",
    "portal.imports.importers",
    "portal.imports.views",
    "portal.reports.baseline",
    "portal.reports.views",
    "portal.reports.outreach_views",
    "portal.reports.schools_views",
    "portal.reports.pipeline_views",
    "portal.reports.board_views",
    "portal.reports.outcomes_views",
    "portal.notifications.views",
    "portal.notifications.staff_views",
    # the staff home's work queues (portal/common/work_queues.py)
    "portal.outreach.queues",
    "portal.opportunities.queues",
    "portal.schools.queues",
    "portal.people.queues",
)

# (blueprint module, blueprint name, URL prefix)
BLUEPRINTS = (
    ("portal.main.blueprint", "bp", None),
    ("portal.careers.blueprint", "bp", "/careers"),
    ("portal.opportunities.blueprint", "bp", "/opportunities"),
    ("portal.journey.blueprint", "bp", "/journey-to-work"),
    ("portal.schools.blueprint", "bp", "/schools"),
    ("portal.schools.blueprint", "staff_bp", "/staff/schools"),
    ("portal.opportunities.blueprint", "staff_bp", "/staff/opportunities"),
    ("portal.auth.blueprint", "bp", "/staff"),
    ("portal.pipeline.blueprint", "bp", "/staff/pipeline"),
    ("portal.people.blueprint", "bp", "/staff/people"),
    ("portal.admin.blueprint", "bp", "/staff/admin"),
    ("portal.outreach.blueprint", "bp", "/staff/outreach"),
    ("portal.imports.blueprint", "bp", "/staff/imports"),
    ("portal.reports.blueprint", "bp", "/staff/reports"),
    ("portal.notifications.blueprint", "bp", None),
    ("portal.notifications.blueprint", "staff_bp", "/staff/messages"),
)


def register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for module in AREA_MODULES:
        import_module(module)
    for module, name, prefix in BLUEPRINTS:
        app.register_blueprint(getattr(import_module(module), name), url_prefix=prefix)


def register_errorhandlers(app: Flask) -> None:
    from portal.main.errors import init_app

    init_app(app)


def register_commands(app: Flask) -> None:
    from portal.commands import init_app

    init_app(app)
