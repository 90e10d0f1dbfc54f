"""The job queue, on huey: SQLite storage beside the database by default, Redis when REDIS_URL
is set. Tasks are made per app in ``make_queue`` so nothing is bound at import time; each runs
in an app context of its own."""

import logging
import threading
from dataclasses import dataclass, field

from huey import MemoryHuey, RedisHuey, SqliteHuey, crontab

log = logging.getLogger("portal.notifications")


@dataclass
class Queue:
    huey: object
    tasks: dict = field(default_factory=dict)

    def deliver(self, message_id: int, delay: int | None = None) -> None:
        if delay:
            self.tasks["deliver"].schedule(args=(message_id,), delay=delay)
        else:
            self.tasks["deliver"](message_id)

    def burst(self) -> int:
        """Run every task that is due now, then return how many ran (``flask worker --burst``)."""
        ran = 0
        self.tasks["sweep"].call_local()
        while True:
            for task in self.huey.read_schedule():
                self.huey.enqueue(task)
            task = self.huey.dequeue()
            if task is None:
                return ran
            self.huey.execute(task)
            ran += 1


def _storage(app):
    config = app.config
    if config.get("REDIS_URL"):
        return RedisHuey("portal", url=config["REDIS_URL"], results=False)
    if config.get("HUEY_MEMORY"):
        return MemoryHuey("portal", results=False)
    # No fsync: the queue is only a prompt. The outbox rows are the record, and the sweep
    # enqueues any queued row that a lost prompt left behind.
    return SqliteHuey("portal", filename=config["HUEY_FILENAME"], results=False, fsync=False)


def make_queue(app) -> Queue:
    from portal.notifications import jobs

    huey = _storage(app)
    queue = Queue(huey)
    local = threading.local()

    def channel():
        # One channel per worker thread: its SMTP connection is reused for message after message,
        # and never shared between threads.
        if getattr(local, "channel", None) is None:
            from portal.notifications.channels import from_config

            local.channel = from_config(app.config)
        return local.channel

    @huey.task(name="deliver")
    def deliver(message_id: int):
        from portal.notifications import outbox

        with app.app_context():
            return outbox.deliver(message_id, channel(), lambda mid, delay: queue.deliver(mid, delay))

    @huey.periodic_task(crontab(minute="*"), name="sweep")
    def sweep():
        from portal.notifications import outbox

        with app.app_context():
            ids = outbox.sweep()
        for message_id in ids:
            queue.deliver(message_id)
        if ids:
            log.info("sweep: %s queued messages enqueued again", len(ids))
        return len(ids)

    @huey.periodic_task(crontab(minute="0", hour=str(app.config["DIGEST_HOUR"])), name="digest")
    def digest():
        with app.app_context():
            return jobs.send_digests()

    @huey.periodic_task(crontab(minute="30", hour="2"), name="retention")
    def retention():
        with app.app_context():
            return jobs.run_retention()

    @huey.periodic_task(crontab(minute="0", hour="3"), name="duplicates")
    def duplicates():
        with app.app_context():
            return jobs.refresh_duplicates()

    queue.tasks.update(deliver=deliver, sweep=sweep, digest=digest, retention=retention, duplicates=duplicates)
    return queue
