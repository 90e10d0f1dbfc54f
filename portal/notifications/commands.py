"""`flask worker`: the job queue's consumer, beside the web server."""

import logging

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command(help="Send queued messages and run the scheduled jobs (digest, retention).")
@click.option("--burst", is_flag=True, help="Do everything that is due now, then stop (tests and cron).")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True, help="Threads sending at once.")
@click.option("--digest", "run_digest", is_flag=True, help="With --burst: send today's digest now.")
@click.option("--no-schedule", is_flag=True, help="Send messages only: another worker runs the scheduled jobs.")
@with_appcontext
def worker(burst, workers, run_digest, no_schedule):
    queue = current_app.extensions["portal_queue"]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if burst:
        # One line per message from the portal is enough; huey's own lines double it.
        logging.getLogger("huey").setLevel(logging.WARNING)
        if run_digest:
            queue.tasks["digest"].call_local()
        ran = queue.burst()
        click.echo(f"Ran {ran} {'task' if ran == 1 else 'tasks'}; nothing more is due.")
        return
    click.echo(f"Worker started on {type(queue.huey).__name__} with {workers} threads (Ctrl+C stops it).")
    queue.huey.create_consumer(workers=workers, worker_type="thread", periodic=not no_schedule).run()
