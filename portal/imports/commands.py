"""`flask import <kind> FILE`: one command per registered importer, the same rules as the web."""

from pathlib import Path

import click

from portal.imports.services import IMPORTERS, plan_import, run_import


class ImportGroup(click.Group):
    """Lists whichever importers are registered, so an area adds its import by registering it."""

    def list_commands(self, ctx):
        return sorted(IMPORTERS)

    def get_command(self, ctx, name):
        importer = IMPORTERS.get(name)
        if importer is None:
            return None

        @click.command(name=name, help=f"Import {name} from a CSV file (see docs/imports.md).")
        @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
        @click.option("--dry-run", is_flag=True, help="Check every row and say what would change; write nothing.")
        def command(file: Path, dry_run: bool):
            data = file.read_bytes()
            plan = plan_import(importer, data)
            if not plan.ok:
                for error in plan.errors[:200]:
                    click.echo(error.as_text(), err=True)
                if len(plan.errors) > 200:
                    click.echo(f"... and {len(plan.errors) - 200} more errors", err=True)
                raise click.ClickException(f"{len(plan.errors)} errors in {file.name}: nothing was imported.")
            counts = ", ".join(f"{key} {value}" for key, value in plan.counts.items())
            if dry_run:
                click.echo(f"{file.name} is valid ({counts}). Nothing was written (--dry-run).")
                return
            run, _ = run_import(importer, data, filename=file.name, plan=plan)
            if run.status != "done":
                raise click.ClickException(run.summary or "The import failed; nothing was written.")
            click.echo(f"Imported {file.name}: {run.added} added, {run.unchanged} already there ({counts}).")

        return command


import_group = ImportGroup("import", help="Import CSV files as data-formats.md describes; all or nothing.")
