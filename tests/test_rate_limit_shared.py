"""Public-form rate limits are shared by every worker when Redis is configured (REDIS_URL), and
what the default (no Redis) does: each process counts on its own. The shared test runs against a
real Redis server (TEST_REDIS_URL, which scripts/test.sh starts); without it, it is skipped."""

import os
import subprocess
import sys
import uuid

import pytest

from portal import create_app
from tests.conftest import ROOT

REDIS_URL = os.environ.get("TEST_REDIS_URL")


# One gunicorn worker: its own process, app and limiter, the same database; it posts the form
# and prints how many posts were accepted.
WORKER = """
import sys
from portal import create_app
from portal.extensions import db
from tests.conftest import submit_form

path, prefix, tries = sys.argv[1:4]
app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                  "SERVER_NAME": "localhost", "RATELIMIT_PUBLIC_FORMS": "3 per minute",
                  "RATELIMIT_KEY_PREFIX": prefix})
with app.app_context():
    db.create_all()
client = app.test_client()
statuses = [submit_form(client, "/journey-to-work/adviser", {}).status_code for _ in range(int(tries))]
assert set(statuses) <= {200, 429}, statuses
print(statuses.count(200))
"""


def posts_allowed(path, redis_url: str | None, workers=2, tries=4) -> int:
    """Posts accepted from one address by ``workers`` processes, each configured the way a
    deployment is: by the environment (REDIS_URL set, or not)."""
    prefix = f"test-{uuid.uuid4().hex}"
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "RATELIMIT_STORAGE_URI")}
    if redis_url:
        env["REDIS_URL"] = redis_url
    allowed = 0
    for _ in range(workers):
        result = subprocess.run(
            [sys.executable, "-c", WORKER, str(path), prefix, str(tries)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        allowed += int(result.stdout.split()[-1])
    return allowed


def test_redis_url_makes_the_limits_shared(monkeypatch, tmp_path):
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6390/0")
    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6390/0"


@pytest.mark.skipif(not REDIS_URL, reason="Redis is not available: run the suite with scripts/test.sh")
def test_two_workers_share_one_count_in_redis(tmp_path):
    import redis

    # If Redis is down the workers fall back to their own counts: say so rather than "6 == 3".
    assert redis.Redis.from_url(REDIS_URL).ping()
    assert posts_allowed(tmp_path / "shared.db", REDIS_URL) == 3


def test_without_redis_each_worker_counts_on_its_own(tmp_path):
    # What docs/operations.md says of the default: the limit is per process.
    assert posts_allowed(tmp_path / "alone.db", None) == 6
