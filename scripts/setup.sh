#!/usr/bin/env bash
# Set up a checkout: Python virtualenv with pinned packages, pinned NHS.UK front-end assets copied
# into static/vendor/, compiled translations, and a migrated database.
# Usage: scripts/setup.sh [--dev]   (--dev adds the test and lint packages)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

need_apt=()
command -v node >/dev/null && command -v npm >/dev/null || need_apt+=(nodejs npm)
PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || need_apt+=(python3 python3-venv)
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || need_apt+=(python3-venv)
# WeasyPrint (the board pack as a PDF) draws text with Pango.
for lib in libpango-1.0-0 libpangoft2-1.0-0; do dpkg -s "$lib" >/dev/null 2>&1 || need_apt+=("$lib"); done
if [ ${#need_apt[@]} -gt 0 ]; then
  say "Installing ${need_apt[*]} with apt"
  scripts/apt-install.sh "${need_apt[@]}"
fi
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  say "Creating the virtualenv in .venv"
  "$PYTHON" -m venv .venv
fi
say "Installing Python packages"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip 2>/dev/null || true
requirements=requirements.txt
[ "${1:-}" = "--dev" ] && requirements=requirements-dev.txt
# (pip's notes about ignored local index folders on these machines are noise: filter them out)
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements" \
  2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)

say "Installing front-end assets (npm ci)"
npm ci --no-audit --no-fund --loglevel=error
.venv/bin/python scripts/vendor_assets.py

say "Compiling translations"
.venv/bin/python -m babel.messages.frontend compile -d translations >/dev/null

say "Migrating the database"
.venv/bin/flask --app portal db upgrade
