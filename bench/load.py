"""Load test: the portal under gunicorn, and from a second process a steady mix of public and staff
requests for 60 seconds. Passes only with zero failed requests. Not part of the test suite.

    .venv/bin/python bench/load.py                      # 60 s, SQLite, 2 workers x 4 threads
    .venv/bin/python bench/load.py --seconds 20 --clients 6
    DATABASE_URL=postgresql://... .venv/bin/python bench/load.py   # an EMPTY PostgreSQL database

It builds a fresh database (migrations, reference data, the demo academy), makes one staff account
per staff client with a known authenticator key, starts gunicorn on a free port, then runs the
clients in another process. Prints the figures as a Markdown table for docs/hardening.md.
"""

import argparse
import multiprocessing
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "load-test-password-2026"
PUBLIC_PAGES = ["/", "/careers/", "/opportunities/", "/journey-to-work/", "/journey-to-work/questions/situation"]
STAFF_PAGES = [
    "/staff/",
    "/staff/reports/pipeline",
    "/staff/people/",
    "/staff/opportunities/applications",
    "/staff/opportunities/outcomes/checks-due",
    "/staff/outreach/referrals",
    "/staff/reports/outreach",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(database_url: str, staff_clients: int) -> tuple[list[str], list[str]]:
    """Migrate, seed, and make the staff accounts. Returns (staff emails, career slugs)."""
    from datetime import UTC, datetime

    from flask_migrate import upgrade
    from sqlalchemy import select

    from portal import create_app
    from portal.auth.services import create_user
    from portal.careers.models import Career
    from portal.demo.academy import seed_demo
    from portal.demo.reference import seed_reference
    from portal.extensions import db

    app = create_app({"PORTAL_ENV": "development", "SQLALCHEMY_DATABASE_URI": database_url})
    emails = []
    with app.app_context():
        upgrade()
        list(seed_reference())
        list(seed_demo(people=120))
        for n in range(staff_clients):
            email = f"load{n}@bench.example"
            user = create_user(email=email, name=f"Load {n}", role="manager", password=PASSWORD)
            user.totp_secret, user.totp_enrolled_at = SECRET, datetime.now(UTC).replace(tzinfo=None)
            emails.append(email)
        db.session.commit()
        slugs = list(db.session.scalars(select(Career.slug).limit(20)))
        db.engine.dispose()
    return emails, slugs


def start_gunicorn(database_url: str, port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "PORTAL_ENV": "development",
        "SECRET_KEY": "load-test-secret-key-not-for-production",
        "DATABASE_URL": database_url,
        # One address sends everything here, so the per-address limits are lifted for the run.
        "RATELIMIT_PUBLIC_FORMS": "1000000 per minute",
        "RATELIMIT_SIGN_IN": "1000000 per minute",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "portal:create_app()"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    raise SystemExit("gunicorn did not start")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect())

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def form(self, path: str, fields: dict) -> int:
        status, html = self.request(path)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
        if status != 200 or token is None:
            return status
        return self.request(path, {"csrf_token": token[1], **fields})[0]


def run_client(base, kind, email, slugs, seconds, results, step_offset):
    """One simulated person for ``seconds``: a visitor or a signed-in manager."""
    import pyotp

    client, rng = Client(base), random.Random(hash((kind, email)))
    timings, failures, writes = [], [], 0
    if kind == "staff":
        client.form("/staff/sign-in", {"email": email, "password": PASSWORD})
        code = pyotp.TOTP(SECRET).generate_otp(int(time.time() // 30) + step_offset)
        if client.form("/staff/sign-in/code", {"code": code}) != 302:
            failures.append(("sign-in", email))
    end = time.time() + seconds
    n = 0
    while time.time() < end:
        n += 1
        started = time.perf_counter()
        if kind == "staff":
            path = rng.choice(STAFF_PAGES)
            status, expected = client.request(path)[0], {200}
        elif n % 10 == 0:
            path = "/journey-to-work/adviser"
            key = f"{os.getpid()}-{threading.get_ident()}-{n}"
            status = client.form(path, {
                "first_name": "Load", "last_name": key, "email": f"{key}@example.com",
                "route": "career_changer", "consent": "yes",
            })  # fmt: skip
            expected, writes = {302}, writes + 1
        elif n % 5 == 0:
            path = "/journey-to-work/questions/situation"
            status, expected = client.form(path, {"situation": "not_working"}), {302, 200}
        else:
            path = rng.choice(
                PUBLIC_PAGES + [f"/careers/{rng.choice(slugs)}" for _ in range(2)] if slugs else PUBLIC_PAGES
            )
            status, expected = client.request(path)[0], {200}
        timings.append(time.perf_counter() - started)
        if status not in expected:
            failures.append((path, status))
    results.put((kind, timings, failures, writes))


def load_process(base, emails, slugs, clients, seconds, results):
    threads = []
    for n in range(clients):
        if n % 3 == 2 and emails:
            email = emails[n // 3 % len(emails)]
            args = (base, "staff", email, slugs, seconds, results, 0)
        else:
            args = (base, "public", None, slugs, seconds, results, 0)
        threads.append(threading.Thread(target=run_client, args=args))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=9, help="simulated people (every third is staff)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portal-load-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'load.db'}"
    staff_clients = len([n for n in range(args.clients) if n % 3 == 2])
    print(f"Preparing {database_url} ...", flush=True)
    emails, slugs = prepare(database_url, staff_clients)
    port = free_port()
    server = start_gunicorn(database_url, port, args.workers, args.threads)
    base = f"http://127.0.0.1:{port}"
    print(f"gunicorn on {base}: {args.clients} clients for {args.seconds} s ...", flush=True)
    results = multiprocessing.get_context("spawn").Queue()
    generator = multiprocessing.get_context("spawn").Process(
        target=load_process, args=(base, emails, slugs, args.clients, args.seconds, results)
    )
    try:
        generator.start()
        outcomes = [results.get(timeout=args.seconds + 120) for _ in range(args.clients)]
        generator.join(timeout=30)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    timings = sorted(t for _kind, ts, _f, _w in outcomes for t in ts)
    public = sum(len(ts) for kind, ts, _f, _w in outcomes if kind == "public")
    staff = sum(len(ts) for kind, ts, _f, _w in outcomes if kind == "staff")
    failures = [f for _kind, _ts, fs, _w in outcomes for f in fs]
    writes = sum(w for *_rest, w in outcomes)

    def pct(p):
        return 1000 * timings[min(len(timings) - 1, int(p / 100 * len(timings)))]

    print()
    print("| figure | value |")
    print("| --- | --- |")
    print(f"| duration | {args.seconds} s |")
    print(f"| server | gunicorn, {args.workers} workers x {args.threads} threads, {database_url.split(':')[0]} |")
    print(f"| clients | {args.clients} ({staff_clients} signed-in managers) from a second process |")
    print(f"| requests | {len(timings)} ({public} public, {staff} staff) |")
    print(f"| public writes (ask for an adviser) | {writes} |")
    print(f"| requests per second | {len(timings) / args.seconds:.1f} |")
    print(f"| median / 95th / 99th percentile | {pct(50):.0f} / {pct(95):.0f} / {pct(99):.0f} ms |")
    print(f"| slowest | {1000 * timings[-1]:.0f} ms |")
    print(f"| failed requests | {len(failures)} |")
    if failures:
        print("failures:", failures[:20])
        raise SystemExit(1)


if __name__ == "__main__":
    main()
