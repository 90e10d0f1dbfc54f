"""Crash proof: the portal under gunicorn is killed with SIGKILL in the middle of a burst of writes.
After a restart the SQLite database passes its integrity check, every write that was answered
with success is there exactly once, and the portal takes writes again."""

import http.client
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from flask_migrate import upgrade

from portal import create_app
from portal.extensions import db
from tests.conftest import ROOT

WRITERS = 4


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start_server(database, port):
    env = {
        **os.environ,
        "PORTAL_ENV": "testing",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "portal:create_app()"],
        cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("the portal did not start: " + process.stderr.read().decode()[-2000:])


def ask_for_adviser(base, key) -> bool:
    """One public write through the real form. True only if the portal answered with success."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect())
    with opener.open(f"{base}/journey-to-work/adviser", timeout=10) as page:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.read().decode())[1]
    data = urllib.parse.urlencode(
        {"csrf_token": token, "first_name": "Crash", "last_name": key, "email": f"{key}@example.com",
         "route": "career_changer", "consent": "yes"}
    ).encode()  # fmt: skip
    url = f"{base}/journey-to-work/adviser"
    request = urllib.request.Request(url, data=data, headers={"Referer": base})  # noqa: S310 - our own http://127.0.0.1
    try:
        with opener.open(request, timeout=10):
            return False  # a 200 is the form again: not a success
    except urllib.error.HTTPError as error:
        return error.code == 302


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "crash.db"
    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


def test_sigkill_during_writes_loses_no_acknowledged_write(database):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(database, port)
    acknowledged, lock, stop = [], threading.Lock(), threading.Event()

    def writer(number):
        n = 0
        while not stop.is_set():
            key = f"k{number}x{n}"
            n += 1
            try:
                if ask_for_adviser(base, key):
                    with lock:
                        acknowledged.append(key)
            except (OSError, TypeError, http.client.HTTPException):
                if stop.is_set():
                    return
                time.sleep(0.01)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    try:
        deadline = time.time() + 60
        while len(acknowledged) < 60 and time.time() < deadline:
            time.sleep(0.05)
        # Mid-burst: every process of the server dies at once, no chance to tidy up.
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    answered = list(acknowledged)
    assert len(answered) >= 60

    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

    restarted = start_server(database, port)
    try:
        with sqlite3.connect(database) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            names = [row[0] for row in connection.execute("SELECT last_name FROM people WHERE first_name = 'Crash'")]
            referred = connection.execute("SELECT count(*) FROM referrals").fetchone()[0]
        missing = [key for key in answered if names.count(key) != 1]
        assert missing == []
        # Writes in flight when the server died may or may not be there; never twice.
        assert len(names) == len(set(names)) and referred == len(names)
        assert ask_for_adviser(base, "after-restart")
        print(f"\ncrash test: {len(answered)} acknowledged writes before SIGKILL, all present; {len(names)} stored")
    finally:
        os.killpg(restarted.pid, signal.SIGTERM)
        restarted.wait(timeout=20)
