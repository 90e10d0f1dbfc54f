#!/usr/bin/env bash
# The README's first command: from a fresh clone to a running portal on SQLite with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
export PORTAL_ENV=${PORTAL_ENV:-development}
scripts/setup.sh
echo "==> Loading reference and demo data"
.venv/bin/flask --app portal seed reference
.venv/bin/flask --app portal seed demo
echo
echo "The portal is starting on http://127.0.0.1:${PORT:-5000} (Ctrl+C stops it)."
exec .venv/bin/flask --app portal run --host 127.0.0.1 --port "${PORT:-5000}"
