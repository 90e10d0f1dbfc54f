#!/usr/bin/env bash
# The README's second command: install what the tests need and run the whole suite — lint, unit
# and database tests on SQLite and on a throwaway PostgreSQL cluster, and browser tests in
# Debian's Chromium. Extra arguments go to pytest (e.g. scripts/test.sh -k languages).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/apt-install.sh chromium postgresql redis-server
PORTAL_ENV=testing scripts/setup.sh --dev

echo "==> Lint (ruff)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "==> Starting a throwaway PostgreSQL on 127.0.0.1"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDIR=$(mktemp -d /tmp/portal-pg.XXXXXX)
PGPORT=${PGPORT:-$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDIR"
as_pg "$PGBIN/initdb -D $PGDIR/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
as_pg "$PGBIN/pg_ctl -D $PGDIR/data -l $PGDIR/log -o \"-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c fsync=off\" -w start" >/dev/null
echo "==> Starting a throwaway Redis on 127.0.0.1 (the job queue's scaled-out storage)"
REDISDIR=$(mktemp -d /tmp/portal-redis.XXXXXX)
REDISPORT=${REDISPORT:-$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
cleanup() {
  as_pg "$PGBIN/pg_ctl -D $PGDIR/data -m immediate -w stop" >/dev/null 2>&1 || true; rm -rf "$PGDIR"
  [ -f "$REDISDIR/redis.pid" ] && kill "$(cat "$REDISDIR/redis.pid")" 2>/dev/null || true; rm -rf "$REDISDIR"
}
trap cleanup EXIT
redis-server --port "$REDISPORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$REDISDIR" \
  --daemonize yes --pidfile "$REDISDIR/redis.pid" --logfile "$REDISDIR/log" >/dev/null
export TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
export TEST_REDIS_URL="redis://127.0.0.1:$REDISPORT/0"

echo "==> Tests"
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
.venv/bin/python -m pytest "$@"
