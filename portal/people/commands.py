"""`flask people duplicates`: the people on record who may be one person, as a CSV for review."""

import csv
import io
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from portal.ui.exports import defuse

people_cli = AppGroup("people", help="People on record.")

DUPLICATES_COLUMNS = ["person_ref_a", "person_ref_b", "score", "reasons"]


@people_cli.command("duplicates")
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.option(
    "--min-score",
    type=click.IntRange(0, 100),
    default=None,
    help="List pairs scoring at least this (0-100). Default: the duplicate threshold.",
)
@click.option(
    "--refresh",
    is_flag=True,
    help="Store the pairs for the staff queue (/staff/people/duplicates) instead of writing a file.",
)
def duplicates_command(fmt, output, min_score, refresh):
    """Pairs of people who may be one person, best first, each pair once (person_ref_a < person_ref_b)."""
    from portal.audit import services as audit
    from portal.extensions import db
    from portal.people.matching import DUPLICATE, candidate_pairs, load_rows, reason_text

    if refresh:
        from portal.people.merging import refresh_candidates

        counts = refresh_candidates(min_score=DUPLICATE if min_score is None else min_score)
        db.session.commit()
        click.echo(
            f"Stored {counts['open']} pairs for the queue ({counts['kept_decided']} already decided kept as they were).",
            err=True,
        )
        return

    pairs = candidate_pairs(load_rows(db.session), min_score=DUPLICATE if min_score is None else min_score)
    # The file names people by reference only, but it says who may be whom: a view of personal data.
    audit.record("export", "people_duplicates", detail=f"cli {fmt} {len(pairs)} pairs")
    db.session.commit()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DUPLICATES_COLUMNS)
    for pair in pairs:
        writer.writerow([defuse(pair.ref_a), defuse(pair.ref_b), pair.score, ";".join(reason_text(pair.reasons))])
    if output is None:
        sys.stdout.write(buffer.getvalue())
    else:
        output.write_text(buffer.getvalue(), encoding="utf-8")
        click.echo(f"Wrote {output} ({len(pairs)} pairs).", err=True)
