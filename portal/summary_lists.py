"""The NHS.UK summary list, rendered in Python. The nhsuk-frontend-jinja macro renders every row
through a row macro, a card-action macro and an attributes macro, which made summary lists the
largest part of a person's page. This writes the same markup for what our pages use: the list's
classes, and rows of key and value (text, html, or a plain string or markup) with optional
classes. Anything else (actions, cards, ids, attributes, borders) goes to the nhsuk macro, so
the output is always the component's own."""

from markupsafe import Markup, escape

from portal import components

_LIST_KEYS = {"rows", "classes"}
_ROW_KEYS = {"key", "value", "classes"}
_CELL_KEYS = {"text", "html", "classes"}


def _supported(params: dict) -> bool:
    if not set(params) <= _LIST_KEYS:
        return False
    for row in params.get("rows") or []:
        if not isinstance(row, dict):
            continue
        if not set(row) <= _ROW_KEYS:
            return False
        for part in (row.get("key"), row.get("value")):
            if isinstance(part, dict) and not set(part) <= _CELL_KEYS:
                return False
    return True


def _content(part) -> tuple[Markup, str]:
    """(content, extra classes) of a row's key or value, as the row macro reads them."""
    if isinstance(part, dict):
        if part.get("html"):
            content = Markup(str(part["html"]).strip())  # noqa: S704 - "html" is markup the page built, as the component's contract says
        elif part.get("text"):
            content = escape(part["text"]).strip()
        else:
            content = Markup("")
        return content, part.get("classes") or ""
    if isinstance(part, Markup):
        return part.strip(), ""
    if isinstance(part, str):
        return escape(part.strip()), ""
    return Markup(""), ""


def _classes(base: str, extra: str) -> str:
    return f"{base} {extra}" if extra else base


def render_summary_list(params: dict) -> Markup:
    if not _supported(params):
        return components.render("summary-list", "summaryList", params, keep=False)
    parts = [Markup('<dl class="{}">').format(_classes("nhsuk-summary-list", params.get("classes") or ""))]
    for row in params.get("rows") or []:
        if not isinstance(row, dict):
            continue
        key, key_classes = _content(row.get("key"))
        value, value_classes = _content(row.get("value"))
        parts.append(
            Markup('<div class="{}"><dt class="{}">{}</dt><dd class="{}">{}</dd></div>').format(
                _classes("nhsuk-summary-list__row", row.get("classes") or ""),
                _classes("nhsuk-summary-list__key", key_classes),
                key,
                _classes("nhsuk-summary-list__value", value_classes),
                value,
            )
        )
    parts.append(Markup("</dl>"))
    return Markup("").join(parts)
