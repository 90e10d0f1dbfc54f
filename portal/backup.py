"""Online-safe copies of the SQLite database, with SQLite's own backup API.

The backup API copies a consistent snapshot page by page while the portal keeps reading and
writing (WAL mode): no need to stop the service, and never a half-written copy, which copying the
file with ``cp`` could give. Every copy is checked with ``PRAGMA integrity_check``.
"""

import sqlite3
from pathlib import Path


def _integrity(connection: sqlite3.Connection) -> None:
    result = connection.execute("PRAGMA integrity_check").fetchall()
    if result != [("ok",)]:
        raise ValueError(f"integrity check failed: {result[:3]}")


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy ``source`` to ``target`` (a new file). Returns the number of pages copied."""
    target = Path(target)
    if target.exists():
        raise ValueError(f"{target} already exists; choose another name")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        src.execute("PRAGMA busy_timeout=30000")
        # Small steps with a pause let the portal's writers in between.
        src.backup(dst, pages=256, sleep=0.005)
        dst.execute("PRAGMA journal_mode=DELETE")
        _integrity(dst)
        pages = dst.execute("PRAGMA page_count").fetchone()[0]
    finally:
        dst.close()
        src.close()
    partial.rename(target)
    target.chmod(0o600)
    return pages


def check_backup(path: Path) -> None:
    """A backup is restorable: a SQLite file that passes its integrity check and has a schema."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise ValueError(f"{path} is not a SQLite database") from error
    try:
        _integrity(connection)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as error:
        raise ValueError(f"{path} is not a SQLite database") from error
    finally:
        connection.close()
    if "alembic_version" not in tables or "people" not in tables:
        raise ValueError(f"{path} is not a portal database (no schema version)")


def restore_sqlite(source: Path, target: Path) -> None:
    """Write the backup's pages over the live database, inside SQLite's locking (online-safe)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=30)
    try:
        dst.execute("PRAGMA busy_timeout=30000")
        src.backup(dst)
        _integrity(dst)
    finally:
        dst.close()
        src.close()
