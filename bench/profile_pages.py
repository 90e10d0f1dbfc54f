"""Time (and optionally profile) signed-in staff pages in-process, with the SQL each one runs.

    DATABASE_URL=sqlite:////tmp/speedwd/scale.db .venv/bin/python bench/profile_pages.py
    ... bench/profile_pages.py --page /staff/ --sql        # the statements and their times, once
    ... bench/profile_pages.py --page /staff/ --profile    # cProfile of repeated requests

Signs in as the accounts bench/run.py makes (bench-manager@, bench-admin@bench.example) through the
real sign-in form and authenticator code, with the Flask test client; no server, no network.
Reads the database only (a session's last-seen time aside): point it at a copy.
"""

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSWORD = "bench-password-not-secret-2026"
PAGES = {
    "/staff/": "manager",
    "/staff/people/?q=smith": "manager",
    "/staff/opportunities/outcomes/checks-due": "manager",
    "/staff/messages/": "manager",
    "/staff/admin/audit": "admin",
    "/staff/opportunities/": "manager",
}


def signed_in_client(app, role: str):
    import pyotp
    from sqlalchemy import text

    from portal.extensions import db

    email = f"bench-{role}@bench.example"
    client = app.test_client()

    def post(path: str, fields: dict):
        page = client.get(path).get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        return client.post(path, data={"csrf_token": token, **fields})

    response = post("/staff/sign-in", {"email": email, "password": PASSWORD})
    if response.headers.get("Location", "").endswith("/sign-in/code"):
        with app.app_context():
            secret = db.session.execute(text("SELECT totp_secret FROM users WHERE email = :e"), {"e": email}).scalar()
        for _ in range(2):
            # A code works once: a run within 30 seconds of the last waits for the next one.
            answer = post("/staff/sign-in/code", {"code": pyotp.TOTP(secret).now()})
            if answer.status_code == 302 and "/sign-in" not in answer.headers["Location"]:
                break
            time.sleep(30 - time.time() % 30 + 1)
    return client


class SqlTimer:
    """Records each statement and its time, through the engine's cursor events."""

    def __init__(self):
        self.statements: list[tuple[float, str, object]] = []
        self.on = False

    def attach(self, engine):
        from sqlalchemy import event

        @event.listens_for(engine, "before_cursor_execute")
        def before(conn, cursor, statement, parameters, context, executemany):
            conn.info["started"] = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def after(conn, cursor, statement, parameters, context, executemany):
            if self.on:
                self.statements.append((time.perf_counter() - conn.info["started"], statement, parameters))


def timings(client, page: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(page)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{page}: status {response.status_code}")
    return times


def p95(times: list[float]) -> float:
    return sorted(times)[max(0, int(round(0.95 * len(times))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--page", action="append", help="a path (default: the six slow staff pages)")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--sql", action="store_true", help="list each statement of one request, slowest first")
    parser.add_argument("--explain", action="store_true", help="with --sql: full text and query plan (SQLite)")
    parser.add_argument("--profile", action="store_true", help="cProfile the repeated requests")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("set DATABASE_URL to a copy of the scale database")
    os.environ.setdefault("PORTAL_ENV", "development")
    os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-secret")
    os.environ.setdefault("RATELIMIT_ENABLED", "false")

    from portal import create_app
    from portal.extensions import db

    app = create_app()
    timer = SqlTimer()
    with app.app_context():
        timer.attach(db.engine)
    clients = {}
    pages = {page: PAGES.get(page, "manager") for page in (args.page or PAGES)}
    for page, role in pages.items():
        if role not in clients:
            clients[role] = signed_in_client(app, role)
        client = clients[role]
        timings(client, page, 3)  # warm up
        if args.sql:
            timer.statements.clear()
            timer.on = True
            started = time.perf_counter()
            client.get(page)
            total = (time.perf_counter() - started) * 1000
            timer.on = False
            sql_ms = sum(t for t, _, _ in timer.statements) * 1000
            print(f"{page}: {total:.1f} ms, {len(timer.statements)} statements, {sql_ms:.1f} ms in SQL")
            for seconds, statement, parameters in sorted(timer.statements, key=lambda s: -s[0])[:15]:
                print(f"  {seconds * 1000:7.2f} ms  {' '.join(statement.split())[: None if args.explain else 300]}")
                if args.explain and seconds > 0.002:
                    print(f"    parameters {parameters}")
                    with app.app_context():
                        plan = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
                        for row in plan:
                            print(f"    plan: {row[1]:3} {row[3]}")
            continue
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        times = timings(client, page, args.repeat)
        if profiler:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        print(f"{page:45} median {statistics.median(times):6.1f} ms  p95 {p95(times):6.1f} ms  (n={len(times)})")


if __name__ == "__main__":
    main()
