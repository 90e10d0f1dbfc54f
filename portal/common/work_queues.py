"""The staff home's work queues: what needs doing, with a count and a link to the filtered list.

An area joins by registering a queue when its ``queues`` module is imported (portal/__init__.py's
AREA_MODULES). The home shows a queue only when the signed-in user may open its link (and has one
of its roles, when it names any), and counts every queue it shows in ONE statement: each queue's
count is a scalar subquery of the same SELECT, so the home's queries do not grow with the queues.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, func, literal, select

from portal.extensions import db


@dataclass(frozen=True)
class WorkQueue:
    key: str
    label: object  # a lazy string: translated when shown
    count: Callable[[object, date], Select]  # (user, today) -> a SELECT of the rows to count
    endpoint: str
    args: dict = field(default_factory=dict)
    roles: tuple[str, ...] = ()
    order: int = 100

    def shown_to(self, user, may_open: Callable[[object, str], bool]) -> bool:
        if self.roles and getattr(user, "role", None) not in self.roles:
            return False
        return may_open(user, self.endpoint)


_QUEUES: dict[str, WorkQueue] = {}


def register_queue(key: str, label, count, endpoint: str, *, args=None, roles=(), order: int = 100) -> None:
    """Add (or replace, by key) one work queue on the staff home."""
    _QUEUES[key] = WorkQueue(key, label, count, endpoint, dict(args or {}), tuple(roles), order)


def registered() -> list[WorkQueue]:
    return sorted(_QUEUES.values(), key=lambda queue: (queue.order, queue.key))


def _counted(statement: Select):
    # Count the rows the list would show; its ordering and eager loads mean nothing to a count.
    rows = statement.order_by(None).subquery()
    return select(func.count()).select_from(rows).scalar_subquery()


def counts(queues: list[WorkQueue], user, today: date) -> dict[str, int]:
    """Every queue's count in one statement."""
    if not queues:
        return {}
    columns = [_counted(queue.count(user, today)).label(f"q{n}") for n, queue in enumerate(queues)]
    row = db.session.execute(select(literal(1).label("one"), *columns)).one()
    return {queue.key: int(row[n + 1] or 0) for n, queue in enumerate(queues)}
