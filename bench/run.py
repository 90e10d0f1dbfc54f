"""The benchmark suite: measures the portal side by side with its floors on this machine, in one run,
and writes bench/RESULTS.md. Not part of the test suite; `.ci/run` runs `--quick` to prove it works.

    .venv/bin/python bench/run.py                 # the full run (about 20 minutes here)
    .venv/bin/python bench/run.py --quick         # a small smoke run, results to bench/results-quick.md

What it measures (issue 10):
1. throughput of public pages as a share of a bare Flask app, both under the same gunicorn settings,
   loaded by wrk from a second process;
2. signed-in staff pages at the large size: throughput share and p99 latency against the bare app;
3. the widening-participation report against a hand-written SQL floor, at two sizes;
4. `flask import people` against a raw executemany of the same rows;
5. the report figures on PostgreSQL.
"""

import argparse
import csv
import os
import platform
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import date
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
FLASK = [str(ROOT / ".venv" / "bin" / "flask"), "--app", "portal"]
GUNICORN = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", "2", "--threads", "1", "--log-level", "warning"]
PASSWORD = "bench-password-not-secret-2026"
SECRET = "bench-secret-key-not-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(database_url: str) -> dict:
    # Development settings (plain-HTTP cookies on loopback) with a fixed key; gunicorn runs no debugger.
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "PORTAL_ENV": "development",
        "SECRET_KEY": SECRET,
        "RATELIMIT_ENABLED": "false",
        "PYTHONPATH": str(ROOT),
    }


def flask(args: list[str], database_url: str, **kwargs) -> subprocess.CompletedProcess:
    env = env_for(database_url)
    return subprocess.run([*FLASK, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True, **kwargs)


# ------------------------------------------------------------------------------------ data sets


def build_database(path: Path, people: int, log) -> str:
    url = f"sqlite:///{path}"
    if path.exists():
        log(f"reusing {path}")
        flask(["db", "upgrade"], url)  # a database made before a new migration gets its indexes
        return url
    flask(["db", "upgrade"], url)
    flask(["seed", "reference"], url)
    flask(["seed", "demo"], url)
    started = time.perf_counter()
    result = flask(["seed", "scale", "--people", str(people)], url)
    log(f"seeded {people} people in {time.perf_counter() - started:.1f} s: {result.stdout.strip().splitlines()[-2]}")
    return url


def count_rows(database_url: str) -> tuple[int, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        people = connection.execute(text("SELECT count(*) FROM people")).scalar()
        events = connection.execute(text("SELECT count(*) FROM pipeline_events")).scalar()
    engine.dispose()
    return people, events


# ------------------------------------------------------------------------------------ load


class Server:
    def __init__(self, app: str, env: dict):
        self.port = free_port()
        self.process = subprocess.Popen(
            [*GUNICORN, "--bind", f"127.0.0.1:{self.port}", app],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(
            f"gunicorn did not start: {self.process.stderr.read()[:2000] if self.process.stderr else ''}"
        )

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


# wrk prints only the 50/75/90/99th percentiles; this script prints the 95th and 99th exactly.
PERCENTILES_LUA = """done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\\nP99_US %d\\n", latency:percentile(95), latency:percentile(99)))
end
"""


def wrk(url: str, seconds: int, cookie: str | None = None, connections: int = 8) -> dict:
    script = ROOT / "bench" / "data" / "percentiles.lua"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(PERCENTILES_LUA)
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--latency", "-s", str(script), url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p95 = int(re.search(r"P95_US (\d+)", output).group(1)) / 1000
    p99 = int(re.search(r"P99_US (\d+)", output).group(1)) / 1000
    failures = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", output))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if errors:
        failures += sum(int(n) for n in errors.groups())
    return {"rps": rate, "p95_ms": p95, "p99_ms": p99, "failures": failures}


def sign_in_cookie(base: str, email: str, database_url: str) -> str:
    """Sign in through the real pages (and the authenticator code when two-factor sign-in asks)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path: str, fields: dict) -> str:
        page = opener.open(base + path).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrf_token": token, **fields}).encode()
        response = opener.open(urllib.request.Request(base + path, data=data))
        return response.geturl()

    landed = post("/staff/sign-in", {"email": email, "password": PASSWORD})
    if landed.endswith("/sign-in/code"):
        import pyotp
        from sqlalchemy import create_engine, text

        engine = create_engine(database_url)
        with engine.connect() as connection:
            secret = connection.execute(text("SELECT totp_secret FROM users WHERE email = :e"), {"e": email}).scalar()
        engine.dispose()
        post(urllib.parse.urlparse(landed).path, {"code": pyotp.TOTP(secret).now()})
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def bench_user(database_url: str, email: str, role: str) -> None:
    """A staff account with a known password (and authenticator secret, when sign-in needs one)."""
    code = f"""
from portal import create_app
from portal.extensions import db
from portal.auth.models import User
from werkzeug.security import generate_password_hash
app = create_app()
with app.app_context():
    user = db.session.query(User).filter_by(email={email!r}).one_or_none() or User(email={email!r}, name="Bench", role={role!r})
    user.password_hash = generate_password_hash({PASSWORD!r})
    user.role = {role!r}
    if hasattr(user, "totp_secret") and not user.totp_enrolled_at:
        import datetime, pyotp
        user.totp_secret = pyotp.random_base32()
        user.totp_enrolled_at = datetime.datetime(2026, 1, 1)
    db.session.add(user)
    db.session.commit()
"""
    subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env_for(database_url), check=True, capture_output=True, text=True
    )


# ------------------------------------------------------------------------------------ report and import


def report_timings(database_url: str, start: date, end: date, repeat: int) -> dict:
    code = f"""
import json, statistics, time
from datetime import date
from sqlalchemy import text
from portal import create_app
from portal.extensions import db
from portal.reports import services
app = create_app()
FLOOR = '''SELECT furthest, count(*) FROM (
  SELECT person_id, max(CASE stage WHEN 'engaged' THEN 1 WHEN 'advised' THEN 2 WHEN 'experience' THEN 3
    WHEN 'applied' THEN 4 WHEN 'in_training' THEN 5 WHEN 'offered' THEN 6 WHEN 'employed' THEN 7
    WHEN 'sustained_13w' THEN 8 WHEN 'sustained_26w' THEN 9 END) AS furthest
  FROM pipeline_events WHERE occurred_on BETWEEN :s AND :e GROUP BY person_id) AS f
  WHERE furthest IS NOT NULL GROUP BY furthest'''
def run(f):
    times = []
    for _ in range({repeat}):
        t = time.perf_counter(); f(); times.append(time.perf_counter() - t)
    return statistics.median(times)
with app.app_context():
    filters = services.ReportFilters(start=date.fromisoformat({start.isoformat()!r}), end=date.fromisoformat({end.isoformat()!r}))
    floor = run(lambda: db.session.execute(text(FLOOR), {{"s": filters.start, "e": filters.end}}).all())
    report = run(lambda: services.widening_participation(filters))
    print(json.dumps({{"floor": floor, "report": report}}))
"""
    output = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env_for(database_url), check=True, capture_output=True, text=True
    ).stdout
    import json

    return json.loads(output.strip().splitlines()[-1])


def import_timings(people: int, workdir: Path) -> dict:
    files = workdir / "import-files"
    subprocess.run(
        [
            PYTHON,
            str(ROOT / "bench" / "history_files.py"),
            "--people",
            str(people),
            "--events",
            "0",
            "--out",
            str(files),
        ],
        check=True,
        capture_output=True,
    )
    portal_db, floor_db = workdir / "import-portal.db", workdir / "import-floor.db"
    for path in (portal_db, floor_db):
        path.unlink(missing_ok=True)
        flask(["db", "upgrade"], f"sqlite:///{path}")
    started = time.perf_counter()
    flask(["import", "people", str(files / "people.csv")], f"sqlite:///{portal_db}")
    portal_seconds = time.perf_counter() - started

    started = time.perf_counter()
    with open(files / "people.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    connection = sqlite3.connect(floor_db)
    connection.executemany(
        "INSERT INTO people (person_ref, first_name, last_name, date_of_birth, route, consent_date, imd_quintile)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                r["person_ref"],
                r["first_name"],
                r["last_name"],
                r["date_of_birth"] or None,
                r["route"],
                r["consent_date"],
                r["imd_quintile"] or None,
            )
            for r in rows
        ],
    )
    connection.commit()
    connection.close()
    floor_seconds = time.perf_counter() - started
    return {"rows": people, "portal": portal_seconds, "floor": floor_seconds}


# ------------------------------------------------------------------------------------ the run


def main() -> None:
    parser = argparse.ArgumentParser(description="Measure the portal against its floors; write bench/RESULTS.md.")
    parser.add_argument("--quick", action="store_true", help="small sizes and short runs: proves the suite works")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--big-people", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=15, help="length of each load run")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", ""))
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--output", type=Path)
    parser.add_argument("--pages-only", action="store_true", help="only sections 1 and 2 (the pages under load)")
    args = parser.parse_args()
    if args.quick:
        args.people, args.big_people, args.seconds = 1_000, 3_000, 2
    output = args.output or ROOT / "bench" / ("results-quick.md" if args.quick else "RESULTS.md")
    args.workdir.mkdir(parents=True, exist_ok=True)
    if not shutil.which("wrk"):
        subprocess.run([str(ROOT / "scripts" / "apt-install.sh"), "wrk"], check=True)
    lines: list[str] = []

    def log(message: str) -> None:
        print(message, flush=True)

    small = build_database(args.workdir / f"scale-{args.people}.db", args.people, log)
    people, events = count_rows(small)
    log(f"data: {people} people, {events} events")
    today = date.today()
    start, end = date(today.year - 4, 1, 1), today

    # 1 and 2: throughput, same gunicorn settings.
    hello = Server("bench.hello:app", env_for(small))
    bare = wrk(hello.base + "/", args.seconds)
    hello.stop()
    log(f"bare app: {bare}")
    bench_user(small, "bench-manager@bench.example", "manager")
    bench_user(small, "bench-adviser@bench.example", "outreach_adviser")
    bench_user(small, "bench-admin@bench.example", "admin")
    portal = Server("run:app", env_for(small))
    try:
        manager = sign_in_cookie(portal.base, "bench-manager@bench.example", small)
        adviser = sign_in_cookie(portal.base, "bench-adviser@bench.example", small)
        admin = sign_in_cookie(portal.base, "bench-admin@bench.example", small)
        some_person = _first_person_ref(small)
        public = {
            "careers list with a search (`/careers/?q=nurse`)": (portal.base + "/careers/?q=nurse", None),
            "opportunities list (`/opportunities/`)": (portal.base + "/opportunities/", None),
            "a role page (`/careers/physiotherapist`)": (portal.base + "/careers/physiotherapist", None),
        }
        staff = {
            "staff home": (portal.base + "/staff/", manager),
            "people search (`/staff/people/?q=smith`)": (portal.base + "/staff/people/?q=smith", manager),
            "a person's page and timeline": (portal.base + f"/staff/people/{some_person}", manager),
            "held intakes": (portal.base + "/staff/people/intakes", manager),
            "applications inbox": (portal.base + "/staff/opportunities/applications", manager),
            "opportunities (staff)": (portal.base + "/staff/opportunities/", manager),
            "checks due": (portal.base + "/staff/opportunities/outcomes/checks-due", manager),
            "referrals": (portal.base + "/staff/outreach/referrals", manager),
            "an adviser's caseload": (portal.base + "/staff/outreach/caseload", adviser),
            "schools register": (portal.base + "/staff/schools/", manager),
            "session log": (portal.base + "/staff/schools/sessions", manager),
            "ambassadors register": (portal.base + "/staff/schools/ambassadors", manager),
            "messages sent": (portal.base + "/staff/messages/", manager),
            "session requests": (portal.base + "/staff/schools/requests", manager),
            "jobs and outcomes": (portal.base + "/staff/opportunities/outcomes", manager),
            "pipeline overview": (portal.base + "/staff/reports/pipeline", manager),
            "schools reach report": (portal.base + "/staff/reports/schools", manager),
            "outreach report": (portal.base + "/staff/reports/outreach", manager),
            "board pack": (portal.base + "/staff/reports/board-pack", manager),
            "audit log": (portal.base + "/staff/admin/audit", admin),
        }
        figures = {}
        for name, (url, cookie) in {**public, **staff}.items():
            status = _status(url, cookie)
            if status != 200:
                figures[name] = {"rps": 0.0, "p95_ms": 0.0, "p99_ms": 0.0, "failures": -1, "status": status}
                continue
            if name in staff:
                _warm(url, cookie)
            figures[name] = wrk(url, args.seconds, cookie)
            if name in staff:
                # The staff budget: p95 with one connection (what one member of staff feels), p99 with eight.
                alone = wrk(url, args.seconds, cookie, connections=1)
                figures[name]["p95_one_ms"] = alone["p95_ms"]
                figures[name]["failures"] += alone["failures"]
            log(f"{name}: {figures[name]}")
    finally:
        portal.stop()

    if args.pages_only:
        lines += _results(args, people, events, 0, 0, bare, figures, public, staff, {}, {}, None)
        output.write_text("\n".join(lines) + "\n")
        log(f"wrote {output}")
        return
    reports = {"small": report_timings(small, start, end, 1 if args.quick else 3)}
    big = build_database(args.workdir / f"scale-{args.big_people}.db", args.big_people, log)
    big_people, big_events = count_rows(big)
    reports["big"] = report_timings(big, start, end, 1 if args.quick else 3)
    log(f"reports: {reports}")
    imports = import_timings(args.people, args.workdir)
    log(f"import: {imports}")
    postgres = None
    if args.postgres_url:
        flask(["db", "upgrade"], args.postgres_url)
        if count_rows(args.postgres_url)[0] < args.people:
            flask(["seed", "scale", "--people", str(args.people)], args.postgres_url)
        postgres = report_timings(args.postgres_url, start, end, 1 if args.quick else 3)
        postgres["people"], postgres["events"] = count_rows(args.postgres_url)
        log(f"postgres: {postgres}")

    lines += _results(
        args, people, events, big_people, big_events, bare, figures, public, staff, reports, imports, postgres
    )
    output.write_text("\n".join(lines) + "\n")
    log(f"wrote {output}")


def _first_person_ref(database_url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        ref = connection.execute(
            text(
                "SELECT p.person_ref FROM people p JOIN pipeline_events e ON e.person_id = p.id "
                "GROUP BY p.person_ref ORDER BY count(*) DESC LIMIT 1"
            )
        ).scalar()
    engine.dispose()
    return ref


def _warm(url: str, cookie: str | None) -> None:
    """Two rounds of two requests at once, so that each gunicorn worker has built what a page
    keeps (a report's figures: up to 6 s, once per process and change of data) before it is timed."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        for _round in range(2):
            list(pool.map(lambda _: _status(url, cookie), range(2)))


def _status(url: str, cookie: str | None) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        return urllib.request.urlopen(request, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


# Why the goals that are not met are not, and what would close each gap: kept with the generator so
# every run of the suite prints them beside its figures.
NOTES = """## What the figures say, and what would close the gaps

- **Public pages (met).** The careers and opportunities pages are kept for a minute, per language
  and address, for visitors who are not signed in (`portal/main/page_cache.py`); a kept page costs
  about a millisecond of the portal's time. Without the cache these pages took 12 to 25 ms each.
- **Signed-in staff pages (not met).** A staff page cannot be kept whole: it is personal, sent
  with `no-store`, and every request loads the signed-in user by their revocable session token,
  checks the idle and absolute timeouts and the permissions matrix, writes the audit trail when a
  person is seen, and renders the NHS.UK layout. Fixed from these figures:
  - the caseload pages through cases and works out what needs attention for one page only
    (2.9 s -> 3 ms for an adviser with 17,000 cases);
  - the applications inbox reads newest-first through an index (39 ms -> 14 ms);
  - components were for a while kept per process and tables and summary lists written in Python
    (inbox 14 -> 7 ms, timeline 12 -> 8 ms); both were removed again (issue 15) so that every
    page is the nhsuk-frontend-jinja macros' own markup, which costs those milliseconds back (CPU
    time per request at 100,000 people, p95: person page 8 -> 11 ms, inbox 9 -> 12 ms, people
    search 7 -> 20 ms);
  - the schools reach report is kept, rendered, in the cache (each process's, or Redis) under a
    key holding the state of the schools data (a one-statement stamp: the area's newest audit
    entry and newest school, session, edit and ambassador): 27 ms -> 4 ms in the process, 56 ->
    about 365 requests a second here when it was measured.
  Where that leaves them: the caseload is at the line (9% to 11% of the bare app and p99 10x to
  12x over runs of this suite); the schools report at 7% and 13x; the inbox and a person's timeline
  at 4%, because each still spent 7 to 8 ms in Python (11 to 12 ms since the Python renderers went; the inbox: four queries and twenty rows
  with links, dates and statuses; the timeline: six queries, an audit write and commit, and every
  event the person has) where the goal allows about 3 ms on this machine, with the checks above
  taking about 1 ms of every staff request. What would close it: the keep-until-changed approach
  does not suit these two (they are personal and change with every event), so it would take
  fewer ORM objects per page (plain rows for the lists), lighter component templates, or more
  cores: throughput grows with workers, and the pages hold no state between
  requests (see docs/deploy.md).
- **The widening-participation report (met on SQLite).** The database counts people per
  (characteristic, group, furthest stage) in the same statement that finds each person's furthest
  stage: one filtered count per group, a row per stage, so only a few hundred numbers reach
  Python (`portal/reports/services.py`, `group_counts`); pandas adds them up and suppresses. Before
  this it loaded a row per person (3.6 s, 1.8x the floor). Growth from 100,000 to 1,000,000 people
  is in proportion to the data.
- **Importing people (met).** Each column's distinct values are checked once and only rows with a
  problem go through the cell-by-cell checks (so messages are unchanged); rows go to the driver
  with the statement compiled once; each person's audit entry is copied from the rows just
  written by one INSERT ... SELECT; the garbage collector pauses during the import (7.9 s -> under
  5 s, including about 1 s of starting the portal).
- **PostgreSQL (report ratio not met).** The floor reads only the ledger (0.2 s, one pass over an
  index). The report must also join every counted person to their record and answers and test
  about fifty groups for each of them; on PostgreSQL that costs more than the floor's own work
  (about 0.15 s), where on SQLite it is a third of it. Fixed from these figures: the statement is
  planned with merge joins over the person order the ledger's index already gives, and without
  JIT compilation (0.64 s -> about 0.4 s). What would close the rest: keeping each person's report
  groups (route, age band at first contact and answers) on a narrow table maintained when a person
  or their answers change, so the statement joins one small table, or letting PostgreSQL run it
  across more cores than this machine has.
"""


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _results(args, people, events, big_people, big_events, bare, figures, public, staff, reports, imports, postgres):
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    lines = [
        "# Benchmark results",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}.",
        f"Reproduce: `.venv/bin/python bench/run.py{' --quick' if args.quick else ''}"
        f"{' --postgres-url URL' if args.postgres_url else ''}` (data is made by `flask seed scale`; "
        f"load by wrk, {args.seconds} s per page, 8 connections, one thread; gunicorn "
        "`--workers 2 --threads 1` for the bare app and the portal alike; each staff page is asked for "
        "twice by each worker first, so what it keeps is built before it is timed).",
        "",
        f"Data: {people:,} people and {events:,} pipeline events (large size: {big_people:,} people and "
        f"{big_events:,} events).",
        "",
        "## 1 and 2: pages under load",
        "",
        f"Bare Flask app: {bare['rps']:.0f} requests/s, p99 {bare['p99_ms']:.1f} ms.",
        "",
        "| page | requests/s | share of bare | p95 ms, 1 connection | p99 ms, 8 connections | failed | goal | result |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, figure in figures.items():
        is_public = name in public
        share = figure["rps"] / bare["rps"] if bare["rps"] else 0
        if figure["failures"] < 0:
            lines.append(f"| {name} | – | – | – | – | page answered {figure['status']} | – | not measured |")
            continue
        if is_public:
            goal, ok, p95 = "≥ 25% of bare", share >= 0.25, "–"
        else:
            p95 = f"{figure['p95_one_ms']:.1f}"
            goal = "p95 ≤ 50 ms alone, p99 ≤ 150 ms with 8"
            ok = figure["p95_one_ms"] <= 50 and figure["p99_ms"] <= 150
        lines.append(
            f"| {name} | {figure['rps']:.0f} | {share:.0%} | {p95} | {figure['p99_ms']:.1f} | "
            f"{figure['failures']} | {goal} | {_met(ok and figure['failures'] == 0)} |"
        )
    if args.pages_only:
        return lines
    small, big = reports["small"], reports["big"]
    growth = big["report"] / small["report"] if small["report"] else 0
    lines += [
        "",
        "## 3: the widening-participation report",
        "",
        "The floor is one hand-written SQL statement computing the reached counts directly.",
        "",
        "| size | report s | floor s | report ÷ floor | goal | result |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| {people:,} people / {events:,} events | {small['report']:.2f} | {small['floor']:.2f} | "
        f"{small['report'] / small['floor']:.2f}× | ≤ 1.5× | {_met(small['report'] <= 1.5 * small['floor'])} |",
        f"| {big_people:,} people / {big_events:,} events | {big['report']:.2f} | {big['floor']:.2f} | "
        f"{big['report'] / big['floor']:.2f}× | grows ≤ 12× from the smaller size (here {growth:.1f}×) | "
        f"{_met(growth <= 12)} |",
        "",
        "## 4: importing people",
        "",
        "| rows | `flask import people` s | raw executemany s | share of floor's rate | goal | result |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| {imports['rows']:,} | {imports['portal']:.1f} | {imports['floor']:.1f} | "
        f"{imports['floor'] / imports['portal']:.0%} | < 30 s and ≥ 20% | "
        f"{_met(imports['portal'] < 30 and imports['floor'] / imports['portal'] >= 0.2)} |",
        "",
        "## 5: PostgreSQL",
        "",
    ]
    if postgres:
        lines += [
            "| size | report s | floor s | report ÷ floor | goal | result |",
            "| --- | --- | --- | --- | --- | --- |",
            f"| {postgres['people']:,} people / {postgres['events']:,} events | {postgres['report']:.2f} | "
            f"{postgres['floor']:.2f} | {postgres['report'] / postgres['floor']:.2f}× | ≤ 1.5× | "
            f"{_met(postgres['report'] <= 1.5 * postgres['floor'])} |",
        ]
    else:
        lines.append("Not measured in this run (give `--postgres-url`).")
    lines += ["", NOTES.rstrip()]
    return lines


if __name__ == "__main__":
    sys.exit(main())
