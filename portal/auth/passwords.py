"""What makes a new password acceptable: length (NCSC and ASVS: no composition rules), and not
one people often choose, nor built from the email address or the service's name.

The list of common passwords (portal/auth/data/common-passwords.txt) is made by
scripts/make_common_passwords.py from well-known patterns; it is read once per process.
"""

import re
from functools import cache
from pathlib import Path

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 128
COMMON = Path(__file__).resolve().parent / "data" / "common-passwords.txt"

TOO_SHORT = _l("Your password must be at least 12 characters")
TOO_LONG = _l("Your password must be 128 characters or fewer")
TOO_COMMON = _l("That password is one many people use. Choose a longer phrase only you would think of")
HAS_EMAIL = _l("Your password must not contain your email address or the first part of it")
HAS_SERVICE = _l("Your password must not contain the name of this service")


@cache
def common_passwords() -> frozenset[str]:
    return frozenset(line.strip() for line in COMMON.read_text().splitlines() if line.strip())


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _service_words() -> list[str]:
    name = current_app.config.get("SERVICE_NAME", "") if has_app_context() else ""
    words = [_squash(word) for word in name.split() if len(_squash(word)) >= 6]
    return [word for word in [_squash(name), *words] if word]


def problem(password: str, email: str = ""):
    """Why a new password will not do (a lazily translated sentence), or None."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    lowered = password.strip().lower()
    if lowered in common_passwords() or " ".join(lowered.split()) in common_passwords():
        return TOO_COMMON
    local = email.strip().lower().partition("@")[0]
    squashed = _squash(password)
    parts = [part for part in re.split(r"[._+-]", local) if len(part) >= 4]
    pieces = [piece for piece in {local, _squash(local), *parts} if len(piece) >= 3]
    if email and email.strip().lower() in lowered or any(piece in lowered or piece in squashed for piece in pieces):
        return HAS_EMAIL
    if any(word in squashed for word in _service_words()):
        return HAS_SERVICE
    return None
