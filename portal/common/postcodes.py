"""UK postcodes as people type them, in the one form the portal keeps."""

import re

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def normalise_postcode(raw: str | None) -> str | None:
    """``so166yd`` -> ``SO16 6YD``; None for empty input; ValueError when it cannot be a UK postcode."""
    if raw is None or not raw.strip():
        return None
    compact = re.sub(r"\s+", "", raw).upper()
    match = _POSTCODE.match(compact)
    if not match:
        raise ValueError("not a UK postcode")
    return f"{match.group(1)} {match.group(2)}"
