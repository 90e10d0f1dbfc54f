#!/usr/bin/env bash
# The README's second command: install what the tests need and run the whole suite — lint, unit
# and database tests on SQLite and on a throwaway PostgreSQL cluster, the shared cache on a
# throwaway Redis, and browser tests in Debian's Chromium. Extra arguments go to pytest (e.g. scripts/test.sh -k languages).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/apt-install.sh chromium postgresql redis-server poppler-utils
PORTAL_ENV=testing scripts/setup.sh --dev

echo "==> Lint (ruff)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "==> Import rules (import-linter, contracts in pyproject.toml)"
.venv/bin/lint-imports --no-cache

echo "==> Starting a throwaway PostgreSQL on 127.0.0.1"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDIR=$(mktemp -d /tmp/portal-pg.XXXXXX)
PGPORT=${PGPORT:-$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDIR"
as_pg "$PGBIN/initdb -D $PGDIR/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
as_pg "$PGBIN/pg_ctl -D $PGDIR/data -l $PGDIR/log -o \"-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c fsync=off\" -w start" >/dev/null
cleanup() {
  # Stop both servers and wait for them to go before removing their directory: a server still
  # writing its log while rm runs made rm fail, and a failing cleanup must never fail the run.
  status=$?
  as_pg "$PGBIN/pg_ctl -D $PGDIR/data -m immediate -w stop" >/dev/null 2>&1 || true
  if [ -n "${RPORT:-}" ]; then redis-cli -p "$RPORT" shutdown nosave >/dev/null 2>&1 || true; fi
  for _ in $(seq 50); do [ -f "$PGDIR/r.pid" ] || break; sleep 0.1; done
  rm -rf "$PGDIR" 2>/dev/null || { sleep 1; rm -rf "$PGDIR" 2>/dev/null || true; }
  exit "$status"
}
trap cleanup EXIT
export TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"

echo "==> Starting a throwaway Redis on 127.0.0.1"
RPORT=${RPORT:-$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
redis-server --port "$RPORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$PGDIR" --daemonize yes \
  --pidfile "$PGDIR/r.pid" --logfile "$PGDIR/r.log"
for _ in $(seq 50); do redis-cli -p "$RPORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
export TEST_REDIS_URL="redis://127.0.0.1:$RPORT/0"

echo "==> Tests"
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
.venv/bin/python -m pytest "$@"
