"""`flask` commands: users, seed, translate."""

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal.auth.models import ROLES
from portal.extensions import db

ROOT = Path(__file__).resolve().parent.parent


def init_app(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(seed)
    app.cli.add_command(translate)
    app.cli.add_command(retention)
    app.cli.add_command(backup)
    app.cli.add_command(restore)

    from portal.imports.commands import import_group
    from portal.people.commands import people_cli
    from portal.reports.commands import report_group

    app.cli.add_command(import_group)
    app.cli.add_command(report_group)
    app.cli.add_command(people_cli)

    from portal.notifications.commands import worker

    app.cli.add_command(worker)


def _sqlite_path() -> Path:
    from sqlalchemy.engine import make_url

    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise click.ClickException(
            "flask backup and restore are for the SQLite database. For PostgreSQL use pg_dump and "
            "pg_restore: see docs/operations.md."
        )
    return Path(url.database)


@click.command(help="Copy the SQLite database, safely while the portal is running.")
@click.option("--to", "target", type=click.Path(dir_okay=False, path_type=Path), help="Where to write the copy.")
@with_appcontext
def backup(target):
    from portal.backup import backup_sqlite

    source = _sqlite_path()
    if target is None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = Path(current_app.instance_path) / "backups" / f"portal-{stamp}.db"
    try:
        pages = backup_sqlite(source, target)
    except (OSError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up {source} to {target} ({pages} pages, integrity check ok).")


@click.command(help="Replace the SQLite database with a backup made by flask backup.")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore(source, yes):
    from portal.backup import backup_sqlite, check_backup, restore_sqlite
    from portal.extensions import cache, db

    target = _sqlite_path()
    try:
        check_backup(source)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    if not yes:
        click.confirm(f"Replace everything in {target} with {source}?", abort=True)
    safety = target.with_name(f"{target.stem}-before-restore-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}.db")
    if target.exists():
        backup_sqlite(target, safety)
        click.echo(f"The database as it was is kept at {safety}.")
    db.engine.dispose()
    restore_sqlite(source, target)
    # A kept report's key is the state of its data, which the restored database may repeat.
    cache.clear()
    click.echo(f"Restored {target} from {source}.")


@click.command(help="Anonymise people with no activity for RETENTION_YEARS years (default 6).")
@click.option("--dry-run", "mode", flag_value="dry-run", help="Say who would be anonymised; change nothing.")
@click.option("--apply", "mode", flag_value="apply", help="Anonymise them.")
@click.option("--years", type=click.IntRange(min=1), help="Override RETENTION_YEARS for this run.")
@with_appcontext
def retention(mode, years):
    from portal.people import rights

    if mode is None:
        raise click.UsageError("say --dry-run or --apply")
    years = years or current_app.config["RETENTION_YEARS"]
    due = rights.due_for_retention(years)
    verb = "Would anonymise" if mode == "dry-run" else "Anonymised"
    click.echo(f"{verb} {len(due)} {'person' if len(due) == 1 else 'people'} with no activity for {years} years.")
    for person in due:
        if mode == "apply":
            rights.erase(person, reason=f"retention {years} years")
            db.session.commit()
        click.echo(f"  {person.person_ref}")
    if mode == "dry-run" and due:
        click.echo("Nothing was changed. Run with --apply to anonymise them.")


@click.group(help="Staff accounts.")
def users():
    pass


@users.command("create")
@click.option("--email", required=True, help="The person's work email address; they sign in with it.")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What the account may do.")
@click.option("--name", default="", help="Their name as colleagues know it.")
def create_user_command(email, role, name):
    """Create a staff account. The password is asked for, never taken as an argument, so it
    stays out of shell histories and process lists."""
    from portal.auth.services import AccountError, create_user

    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email=email, name=name, role=role, password=password)
        db.session.commit()
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.email} with the role {user.role}.")


def _account(email):
    from portal.auth.services import find_user

    user = find_user(email)
    if user is None:
        raise click.ClickException(f"no account for {email}")
    return user


@users.command("unlock")
@click.option("--email", required=True)
def unlock_user_command(email):
    """Clear an account's failed sign-in attempts, so it need not wait before trying again."""
    from portal.auth.services import unlock

    unlock(_account(email))
    db.session.commit()
    click.echo(f"Cleared the failed sign-in attempts of {email}.")


@users.command("reset-two-factor")
@click.option("--email", required=True)
def reset_two_factor_command(email):
    """Forget an account's authenticator app and recovery codes (a lost phone). The next sign-in
    sets up a new app; every session of the account ends now."""
    from portal.auth import two_factor

    two_factor.reset(_account(email))
    db.session.commit()
    click.echo(f"Two-factor sign-in reset for {email}: it will be set up again at the next sign-in.")


@users.command("disable")
@click.option("--email", required=True)
def disable_user_command(email):
    """Disable an account; every one of its sessions ends at once."""
    from portal.auth.services import disable

    disable(_account(email))
    db.session.commit()
    click.echo(f"Disabled {email}; its sessions have ended.")


@click.group(help="Load reference and demo data. Running either twice changes nothing.")
def seed():
    pass


@seed.command("reference")
def seed_reference_command():
    """Load the reference data kept in the repository."""
    from portal.demo.reference import seed_reference

    for line in seed_reference():
        click.echo(line)


@seed.command("demo")
def seed_demo_command():
    """Load a believable, entirely made-up academy for trying the portal."""
    from portal.demo.academy import seed_demo

    if current_app.config["PORTAL_ENV"] == "production":
        raise click.ClickException("demo data is for development and testing, not production")
    for line in seed_demo():
        click.echo(line)
    db.session.commit()


@seed.command("scale")
@click.option("--people", type=click.IntRange(min=1), required=True, help="How many people to make up.")
@click.option("--seed", "seed_value", type=int, default=1, show_default=True, help="The same seed gives the same data.")
@click.option("--events-per-person", type=float, default=10.0, show_default=True)
def seed_scale_command(people, seed_value, events_per_person):
    """A made-up region's worth of data (people, events, applications, cases...) for measuring."""
    import time

    from portal.demo.scale import seed_scale

    if current_app.config["PORTAL_ENV"] == "production":
        raise click.ClickException("scale data is for measuring, not production")
    started = time.perf_counter()
    for line in seed_scale(people, seed=seed_value, events_per_person=events_per_person):
        click.echo(f"{time.perf_counter() - started:7.1f}s  {line}")


@click.group(help="Translation catalogues (Flask-Babel). See docs/translating.md.")
def translate():
    pass


def _pybabel(*args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT)
    if result.returncode:
        raise click.ClickException(f"pybabel {args[0]} failed")


POT = "translations/messages.pot"


@translate.command("extract")
def translate_extract():
    """Collect every marked string into translations/messages.pot."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--sort-by-file", "--no-wrap", "-o", POT, "portal", "templates")


@translate.command("update")
def translate_update():
    """Extract, then merge new strings into every language's catalogue."""
    translate_extract.callback()
    _pybabel("update", "-i", POT, "-d", "translations", "--no-wrap", "--ignore-obsolete", "--no-fuzzy-matching")


@translate.command("init")
@click.argument("locale")
def translate_init(locale):
    """Start a catalogue for a new language (a Babel locale, e.g. fa_AF for Dari)."""
    translate_extract.callback()
    _pybabel("init", "-i", POT, "-d", "translations", "-l", locale, "--no-wrap")


@translate.command("compile")
def translate_compile():
    """Compile the catalogues into the .mo files the portal reads."""
    _pybabel("compile", "-d", "translations", "--statistics")
