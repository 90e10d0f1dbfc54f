"""How every import runs: read the file, validate every row, and only then write everything in
one transaction, or nothing. Importers (people, events, postcode lookup, sessions...) register
themselves here; the web pages and the `flask import` commands are built from the registry.

An importer says what its columns are, turns a parsed table into a ``Plan`` (the records to
write and every row error), and writes a plan without committing. The runner owns the
transaction, the run record, progress and the audit entry.
"""

import json
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.admin import audit
from portal.database import begin_write
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

    def validate(self, table: CsvTable) -> Plan:
        raise NotImplementedError

    def write(self, plan: Plan, *, run: ImportRun, user, progress) -> tuple[int, int]:
        """Write the plan inside the open transaction; return (added, unchanged)."""
        raise NotImplementedError


IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    IMPORTERS[importer.kind] = importer
    return importer


def plan_import(importer: Importer, data: bytes) -> Plan:
    try:
        table = read_csv(data, importer.columns, aliases=importer.aliases)
    except CsvFileError as error:
        return Plan(errors=error.errors)
    plan = importer.validate(table)
    plan.table = table
    plan.counts.setdefault("rows", len(table.rows))
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
    run = ImportRun(kind=importer.kind, filename=filename[:200], rows=rows, started_by_id=getattr(user, "id", None))
    db.session.add(run)
    db.session.commit()
    return run


def finish_run(importer: Importer, plan: Plan, run_id: int, user) -> ImportRun:
    progress = Progress(run_id, plan.counts["rows"])
    try:
        begin_write(db.session)
        run = db.session.get(ImportRun, run_id)
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
