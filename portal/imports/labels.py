"""Import cells in staff's own words: a choice column takes its code (``in_person``) or the label the
forms show ("In person") in any of the portal's languages, all mapping to the same code.

Importers pass their choices as ``{code: label}``; a label may be a lazy string, a (group, label)
tuple or a function returning the label. The lookups are made once per set of choices and kept.
"""

from flask import current_app, has_app_context
from flask_babel import force_locale

_KEPT: dict[int, tuple[object, dict[str, str]]] = {}
_KEEP_AT_MOST = 64


def normalise(text: str) -> str:
    """Case, spacing and the dash or hyphen staff typed do not matter: "year  9" is "Year 9"."""
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").casefold().split())


def label_text(label) -> str:
    if isinstance(label, tuple):
        label = label[-1]
    if callable(label) and not isinstance(label, str) and not hasattr(label, "_func"):
        label = label()
    return str(label)


def locales() -> list[str]:
    if not has_app_context():
        return []
    return [locale for locale, _name in current_app.config["LANGUAGES"].values()]


def lookup(allowed) -> dict[str, str]:
    """{normalised code or label in any language: code} for a dict of choices."""
    kept = _KEPT.get(id(allowed))
    if kept is not None and kept[0] is allowed:
        return kept[1]
    found: dict[str, str] = {}
    for code in allowed:
        found.setdefault(normalise(str(code)), code)
    for locale in locales():
        with force_locale(locale):
            for code, label in allowed.items():
                found.setdefault(normalise(label_text(label)), code)
    if len(_KEPT) >= _KEEP_AT_MOST:
        _KEPT.clear()
    _KEPT[id(allowed)] = (allowed, found)
    return found


def to_code(value: str, allowed) -> str | None:
    """The code for a cell's value, or None when it is neither a code nor a label."""
    if value in allowed:
        return value
    if not isinstance(allowed, dict):
        return None
    return lookup(allowed).get(normalise(value))


def shown(allowed) -> list[tuple[str, str]]:
    """(code, English label) pairs, as the upload page, the templates and the docs list them."""
    if not isinstance(allowed, dict):
        return [(str(code), str(code)) for code in allowed]
    with force_locale("en_GB"):
        return [(str(code), label_text(label)) for code, label in allowed.items()]
