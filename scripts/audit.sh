#!/usr/bin/env bash
# Security checks, run by CI (.ci/run) after the tests:
#   bandit    - static analysis of the portal's code; fails on any high-severity finding
#   pip-audit - known vulnerabilities in every pinned package (runtime, test and these tools)
# Both live in their own virtualenv, .venv-audit, from requirements-audit.txt. Nothing is
# installed or resolved for the audit itself: pip-audit reads the pinned files (--no-deps
# --disable-pip) and only asks the vulnerability database about them (its one network use).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
PYTHON=${PYTHON:-python3}

if [ ! -x .venv-audit/bin/python ]; then
  say "Creating the audit virtualenv in .venv-audit"
  "$PYTHON" -m venv .venv-audit
fi
.venv-audit/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-audit.txt \
  2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)

say "bandit (no high-severity findings allowed)"
.venv-audit/bin/bandit --quiet --recursive portal bench scripts --severity-level high --confidence-level low

say "pip-audit (no known vulnerabilities in pinned packages)"
# pip-audit fails on any known vulnerability. Where the machine cannot reach PyPI's vulnerability
# data (a closed network with only a package mirror), pip-audit skips every package and still
# passes; say so plainly rather than let a skipped audit look like a clean one.
for requirements in requirements.txt requirements-dev.txt requirements-audit.txt; do
  output=$(.venv-audit/bin/pip-audit --requirement "$requirements" --no-deps --disable-pip --progress-spinner off 2>&1) \
    || { echo "$output"; exit 1; }
  skipped=$(grep -c "could not be audited" <<<"$output" || true)
  pinned=$(grep -cE '^[A-Za-z0-9_.-]+==' "$requirements" || true)
  if [ "$skipped" -gt 0 ]; then
    echo "WARNING: $requirements: $skipped of $pinned pinned packages could not be audited (no vulnerability data reachable from this machine)."
  else
    echo "$requirements: $pinned pinned packages audited, no known vulnerabilities."
  fi
done
