#!/usr/bin/env bash
# The README's first command: from a fresh clone to a running portal on SQLite with demo data,
# and the worker that sends its messages and runs its scheduled jobs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PORTAL_ENV=${PORTAL_ENV:-development}
scripts/setup.sh
echo "==> Loading reference and demo data"
.venv/bin/flask --app portal seed reference
.venv/bin/flask --app portal seed demo
echo
echo "==> Starting the worker (messages and scheduled jobs) beside the web server"
# With no MAIL_URL set, messages are kept on the staff Messages page, never sent.
export PUBLIC_URL=${PUBLIC_URL:-http://127.0.0.1:${PORT:-5000}}
.venv/bin/flask --app portal worker &
WORKER=$!
# The worker stops with the web server, however the script ends.
trap 'kill "$WORKER" 2>/dev/null || true; wait "$WORKER" 2>/dev/null || true' EXIT
echo "The portal is starting on http://127.0.0.1:${PORT:-5000} (Ctrl+C stops it and the worker)."
.venv/bin/flask --app portal run --host 127.0.0.1 --port "${PORT:-5000}"
