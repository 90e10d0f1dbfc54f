"""How every import runs: read the file, validate every row, and only then write everything in
one transaction, or nothing. Importers (people, events, postcode lookup, sessions...) register
themselves here; the web pages and the `flask import` commands are built from the registry.

An importer says what its columns are, turns a parsed table into a ``Plan`` (the records to
write and every row error), and writes a plan without committing. The runner owns the
transaction, the run record, progress and the audit entry.
"""

import gc
import json
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import ColumnElement, Executable, bindparam, select
from sqlalchemy.orm import joinedload

from portal.audit import services as audit
from portal.database import WROTE, begin_write
from portal.extensions import db
from portal.imports.csvfile import CsvFileError, CsvTable, RowError, read_csv
from portal.imports.models import ImportRun

PREVIEW_ROWS = 10
CHUNK = 2000


@dataclass
class Plan:
    records: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    counts: dict = field(default_factory=dict)  # what the preview shows, e.g. {"rows": 10, "new": 8}
    table: CsvTable | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


class Importer:
    """Base for an import kind. Subclasses set the attributes and implement validate/write."""

    kind = ""  # used in the URL and as the command name: `flask import <kind> FILE`
    title = ""
    description = ""
    columns: dict[str, bool] = {}  # {column: required}
    roles: tuple[str, ...] = ("manager", "admin")
    aliases: dict[str, str] = {}
    count_labels: dict = {}  # words for counts of this import's own, beside the shared ones
    # {column: {code: label}} (or a function giving one, for choices kept in the database): cells
    # take the code or the label in any language; the page, the templates and the docs list them.
    choices: dict = {}
    list_columns: frozenset = frozenset()  # columns that take several values, `;`-separated

    def allowed_values(self) -> dict[str, dict]:
        return {column: (found() if callable(found) else found) for column, found in self.choices.items()}

    def validate(self, table: CsvTable) -> Plan:
        raise NotImplementedError

    def write(self, plan: Plan, *, run: ImportRun, user, progress) -> tuple[int, int]:
        """Write the plan inside the open transaction; return (added, unchanged)."""
        raise NotImplementedError


IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    IMPORTERS[importer.kind] = importer
    return importer


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a big file is read, checked or written.

    A file of a hundred thousand rows becomes some hundreds of thousands of small dicts and tuples,
    none of them in a cycle; the collector would walk them all again every few thousand new objects,
    which took a second of an import of a hundred thousand people. Reference counting still frees
    everything as usual, and the collector runs again afterwards (unless something else paused it).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def plan_import(importer: Importer, data: bytes) -> Plan:
    with collector_paused():
        try:
            table = read_csv(data, importer.columns, aliases=importer.aliases, keep_header_errors=True)
        except CsvFileError as error:
            return Plan(errors=error.errors)
        plan = importer.validate(table)
        if table.header_errors:
            # A missing column is said once, on the header, not again as "required" on every row.
            missing = {error.column for error in table.header_errors}
            rows = [error for error in plan.errors if error.line is None or error.column not in missing]
            plan.errors = table.header_errors + rows
    plan.table = table
    plan.counts.setdefault("rows", len(table.lines))
    if not db.session.info.get(WROTE):
        db.session.rollback()  # validation only reads; end its transaction before a write begins
    return plan


class Progress:
    """Rows written so far, kept in a small file beside the uploads so any worker can show it."""

    def __init__(self, run_id: int | None, total: int):
        self.total = total
        self.path = _work_dir() / f"run-{run_id}.json" if run_id else None
        self.done = 0

    def advance(self, rows: int) -> None:
        self.done = min(self.total, self.done + rows)
        if self.path:
            self.path.write_text(json.dumps({"done": self.done, "total": self.total}))

    @staticmethod
    def read(run_id: int) -> dict | None:
        path = _work_dir() / f"run-{run_id}.json"
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError):
            return None


def run_import(importer: Importer, data: bytes, *, filename: str, user=None, plan: Plan | None = None) -> tuple:
    """Validate and, if every row is good, write the whole file in one transaction.
    Returns (run, plan); ``run`` is None when the file had errors and nothing was written."""
    plan = plan or plan_import(importer, data)
    if not plan.ok:
        return None, plan
    run = start_run(importer, filename, user, rows=plan.counts["rows"])
    return finish_run(importer, plan, run.id, user), plan


def start_run(importer: Importer, filename: str, user, *, rows: int) -> ImportRun:
    """An import is a unit of work of its own, not the request's: its run is committed first so
    that the progress page (another request) sees it, and its failure is kept after the rollback."""
    run = ImportRun(kind=importer.kind, filename=filename[:200], rows=rows, started_by_id=getattr(user, "id", None))
    db.session.add(run)
    db.session.commit()
    return run


def finish_run(importer: Importer, plan: Plan, run_id: int, user) -> ImportRun:
    progress = Progress(run_id, plan.counts["rows"])
    try:
        begin_write(db.session)
        run = db.session.get(ImportRun, run_id)
        with collector_paused():
            added, unchanged = importer.write(plan, run=run, user=user, progress=progress)
        run.status, run.added, run.unchanged = "done", added, unchanged
        run.finished_at = datetime.now(UTC).replace(tzinfo=None)
        audit.record("import", importer.kind, run.id, detail=f"{added} added, {unchanged} already there", user=user)
        db.session.commit()
    except Exception:
        db.session.rollback()
        current_app.logger.exception("import run %s failed", run_id)
        run = db.session.get(ImportRun, run_id)
        run.status, run.finished_at = "failed", datetime.now(UTC).replace(tzinfo=None)
        run.summary = "The import stopped with an unexpected error and nothing was written."
        db.session.commit()
    finally:
        if progress.path:
            progress.path.unlink(missing_ok=True)
    return run


# ------------------------------------------------------------------ the web: uploads kept for confirm


def _work_dir() -> Path:
    path = Path(current_app.instance_path) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def keep_upload(data: bytes) -> str:
    """Keep an uploaded file between preview and confirm; the token names it (never the person)."""
    token = secrets.token_urlsafe(16)
    (_work_dir() / f"upload-{token}.csv").write_bytes(data)
    return token


def read_upload(token: str) -> bytes | None:
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        return None
    path = _work_dir() / f"upload-{token}.csv"
    return path.read_bytes() if path.exists() else None


def discard_upload(token: str) -> None:
    if token and token.replace("-", "").replace("_", "").isalnum():
        (_work_dir() / f"upload-{token}.csv").unlink(missing_ok=True)


_threads: dict[int, threading.Thread] = {}


def start_background_import(importer: Importer, token: str, filename: str, user) -> ImportRun | None:
    """Check the kept file again, record the run, and write it in a background thread so the
    page can show progress. Returns None if the upload has gone or no longer validates."""
    data = read_upload(token)
    if data is None:
        return None
    plan = plan_import(importer, data)
    if not plan.ok:
        return None
    run = start_run(importer, filename, user, rows=plan.counts["rows"])
    app = current_app._get_current_object()
    run_id, user_id = run.id, getattr(user, "id", None)

    def work():
        with app.app_context():
            from portal.auth.models import User

            try:
                finish_run(importer, plan, run_id, db.session.get(User, user_id) if user_id else None)
            finally:
                discard_upload(token)
                db.session.remove()

    thread = threading.Thread(target=work, name=f"import-{run_id}", daemon=True)
    _threads[run_id] = thread
    thread.start()
    return run


def wait_for(run_id: int, timeout: float = 60) -> None:
    """Tests and the command line wait for a background run to end."""
    thread = _threads.pop(run_id, None)
    if thread is not None:
        thread.join(timeout)


def recent_runs(limit: int = 20):
    return (
        select(ImportRun)
        .options(joinedload(ImportRun.started_by))
        .order_by(ImportRun.started_at.desc(), ImportRun.id.desc())
        .limit(limit)
    )


def chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def execute_many(statement: Executable, names: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Run ``statement`` (an INSERT) once for each row through the database driver's executemany,
    with the statement compiled once. Each row is a tuple of values in ``names`` order.

    Core's own executemany builds every row's parameters in Python, some 10 µs a row: for a file of
    a hundred thousand people that cost more than the database's work. Each value still goes
    through its type's bind processor (on SQLite a date becomes text) as it would through Core.
    The statement must take its values from ``names`` alone: a column default computed in Python
    is refused rather than silently left out (server defaults are filled in by the database).
    """
    if not rows:
        return
    connection = db.session.connection()
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect, column_keys=list(names), for_executemany=True)
    missing = set(compiled.binds) - set(names)
    if missing:
        raise ValueError(f"execute_many needs values for {', '.join(sorted(missing))}")
    order = list(compiled.positiontup) if dialect.positional else list(names)
    # Column by column, so that each value's bind processor is one map() call.
    columns = list(zip(*rows, strict=True))
    values = []
    for name in order:
        column = columns[names.index(name)]
        process = compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
        values.append(column if process is None else _processed(process, column))
    if dialect.positional:
        parameters = list(zip(*values, strict=True))
    else:
        parameters = [dict(zip(order, row, strict=True)) for row in zip(*values, strict=True)]
    connection.exec_driver_sql(compiled.string, parameters)


def _processed(process, column: Sequence) -> list:
    """``process`` (a bind processor, a function of the value alone) applied to each value of a
    column, once for each distinct value: a hundred thousand people share a few thousand dates."""
    try:
        done = {value: process(value) for value in set(column)}
    except TypeError:  # values that cannot be told apart by hashing
        return list(map(process, column))
    return list(map(done.__getitem__, column))


def execute_in(column, build: Callable[[ColumnElement], Executable], values: Sequence, size: int = CHUNK) -> list:
    """Run ``build(column IN (...))`` for each chunk of ``values`` through the database driver;
    return the rows the statements give, if any.

    SQLAlchemy's own ``in_(values)`` renders and processes each value anew at every execution, some
    3 µs a value: checking a hundred thousand people's references against the database, and then
    auditing them, took a third of a second that way. Here each chunk length is compiled once,
    with a parameter for each value. Other values in the statement (``literal(...)``) are kept.
    """
    connection = db.session.connection()
    dialect = connection.dialect
    compiled = {}
    rows = []
    for chunk in chunks(values, size):
        if len(chunk) not in compiled:
            names = [f"in_{index}" for index in range(len(chunk))]
            condition = column.in_([bindparam(name, None, type_=column.type) for name in names])
            statement = build(condition).compile(dialect=dialect)
            fixed = statement.construct_params()  # {parameter name: its value, None for the chunk's}
            order = list(statement.positiontup) if dialect.positional else list(fixed)
            processors = [
                (position, process)
                for position, name in enumerate(order)
                if (process := statement.binds[name].type.dialect_impl(dialect).bind_processor(dialect))
            ]
            compiled[len(chunk)] = (statement, names, order, processors, fixed)
        statement, names, order, processors, fixed = compiled[len(chunk)]
        given = fixed | dict(zip(names, chunk, strict=True))
        parameters = [given[name] for name in order]
        for position, process in processors:
            parameters[position] = process(parameters[position])
        result = connection.exec_driver_sql(
            statement.string, tuple(parameters) if dialect.positional else dict(zip(order, parameters, strict=True))
        )
        if result.returns_rows:
            rows.extend(result.all())
    return rows
