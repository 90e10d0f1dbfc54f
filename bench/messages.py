"""A burst of messages through a real SMTP server: how long, and none lost, none doubled.

    .venv/bin/python bench/messages.py [--messages 10000] [--workers 2] [--redis redis://...]

Writes N messages into the outbox (1,000 per transaction, as the hooks would), then runs
``--workers`` worker processes in burst mode at once against an aiosmtpd server in another
process, and counts what the server received. SQLite database and SQLite queue unless --redis.
"""

import argparse
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class Counter:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope.rcpt_tos[0])
        return "250 OK"


def serve(port, report: str, ready, stop):
    """The SMTP server, in its own process; on stop it writes every recipient it accepted."""
    import json

    from aiosmtpd.controller import Controller

    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()
    Path(report).write_text(json.dumps(counter.received))


def make_app(database: Path, queue_file: Path, port: int, redis: str):
    from portal import create_app

    return create_app(
        {
            "PORTAL_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "HUEY_MEMORY": False,
            "HUEY_FILENAME": str(queue_file),
            "REDIS_URL": redis,
            "MAIL_URL": f"smtp://127.0.0.1:{port}",
        }
    )


def work(database, queue_file, port, redis, results):
    app = make_app(database, queue_file, port, redis)
    with app.app_context():
        results.put(app.extensions["portal_queue"].burst())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--redis", default="")
    args = parser.parse_args()

    from sqlalchemy import func, select

    from portal.extensions import db
    from portal.notifications import messages
    from portal.notifications.models import Message

    folder = Path(tempfile.mkdtemp(prefix="portal-bench-messages-"))
    database, queue_file = folder / "portal.db", folder / "huey.db"
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    context = multiprocessing.get_context("spawn")
    report = folder / "received.json"
    ready, stop = context.Event(), context.Event()
    server = context.Process(target=serve, args=(port, str(report), ready, stop))
    server.start()
    ready.wait(10)

    app = make_app(database, queue_file, port, args.redis)
    languages = list(app.config["LANGUAGES"])
    with app.app_context():
        db.create_all()
        if args.redis:
            app.extensions["portal_queue"].huey.flush()
        started = time.perf_counter()
        for start in range(0, args.messages, 1000):
            for i in range(start, min(start + 1000, args.messages)):
                messages.application_received(
                    f"bench-{i}@example.com", languages[i % len(languages)], "Sam", f"APP-{i:06d}",
                    "http://localhost/my-applications", opportunity="Work experience on the wards",
                )  # fmt: skip
            db.session.commit()
        queued_in = time.perf_counter() - started

    results = context.Queue()
    workers = [
        context.Process(target=work, args=(database, queue_file, port, args.redis, results))
        for _ in range(args.workers)
    ]
    started = time.perf_counter()
    for process in workers:
        process.start()
    for process in workers:
        process.join()
    sent_in = time.perf_counter() - started
    ran = [results.get() for _ in workers]
    stop.set()
    server.join(30)
    import json

    addresses = json.loads(report.read_text())

    with app.app_context():
        statuses = dict(db.session.execute(select(Message.status, func.count()).group_by(Message.status)).all())
    expected = {f"bench-{i}@example.com" for i in range(args.messages)}
    print(f"storage: {'Redis' if args.redis else 'SQLite'} queue, SQLite database, {args.workers} worker processes")
    print(f"written to the outbox: {args.messages} in {queued_in:.1f} s ({args.messages / queued_in:.0f}/s)")
    print(f"sent by the workers: {sent_in:.1f} s ({args.messages / sent_in:.0f}/s); tasks each ran: {ran}")
    print(f"received by the SMTP server: {len(addresses)}, distinct: {len(set(addresses))}")
    print(f"lost: {len(expected - set(addresses))}, doubled: {len(addresses) - len(set(addresses))}")
    print(f"outbox statuses: {statuses}")


if __name__ == "__main__":
    main()
