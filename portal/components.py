"""NHS.UK components rendered once and reused. A component macro's output depends only on its
parameters (and the page's language), and most pages call the same few with the same parameters
every time: the header and footer, the skip link, a list page's empty filter fields. Rendering
those through the nested nhsuk-frontend-jinja macros was most of a signed-in page's time, so the
output is kept per process, keyed by language, component and parameters.

Nothing a person typed is kept: callers pass ``keep=False`` for a field holding a value someone
entered (a search, a date of birth), and per-request values such as the sign-out form's CSRF token
are put in after rendering, never into the key.
"""

import threading

from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup

MAX_KEPT = 2000  # components of every page in every language fit many times over

_kept: dict[tuple, Markup] = {}
_lock = threading.Lock()


def _macro(component: str, name: str):
    template = current_app.jinja_env.get_template(f"nhsuk/components/{component}/macro.jinja")
    return getattr(template.module, name)


def render(component: str, name: str, params: dict, *, keep: bool = True) -> Markup:
    """The nhsuk ``component``'s ``name`` macro called with ``params``, from the kept copy when
    there is one. ``params`` must be plain values (no lazy strings), as the macros need anyway."""
    if not keep:
        return Markup(_macro(component, name)(params))  # noqa: S704 - the component's own output
    key = (str(get_locale()), component, name, repr(params))
    html = _kept.get(key)
    if html is None:
        html = Markup(_macro(component, name)(params))  # noqa: S704 - the component's own output
        with _lock:
            if len(_kept) >= MAX_KEPT:
                _kept.clear()
            _kept[key] = html
    return html


def clear() -> None:
    with _lock:
        _kept.clear()


def init_app(app) -> None:
    app.jinja_env.globals["component"] = render
