"""The NHS.UK clickable card with a heading, a link and a description (the staff home's tasks),
with the macro's markup, made in Python: the home draws twenty-odd and the card macro calls the
heading macro and more for each, half the page's time. tests/test_tables.py checks the markup is
the macro's, byte for byte; any other card goes to the macro."""

from flask import current_app
from markupsafe import Markup, escape

KEYS = {"heading", "headingLevel", "href", "clickable", "description"}


def _macro(params: dict) -> Markup:
    template = current_app.jinja_env.get_template("nhsuk/components/card/macro.jinja")
    return Markup(template.module.card(params))  # noqa: S704 - the component's own output


def _handled(params: dict) -> bool:
    texts = [params.get(key) for key in ("heading", "href", "description")]
    return (
        set(params) == KEYS
        and params["clickable"] is True
        and params["headingLevel"] in (2, 3, 4, 5, 6)
        and all(isinstance(text, str) and text.strip() == text and text and "\n" not in text for text in texts)
    )


def card(params: dict) -> Markup:
    """The card the NHS.UK macro would draw from ``params``."""
    if not _handled(params):
        return _macro(params)
    level = params["headingLevel"]
    return Markup(  # noqa: S704 - escaped here, as the macro escapes
        '<div class="nhsuk-card nhsuk-card--clickable">\n  <div class="nhsuk-card__content">\n'
        f'    <h{level} class="nhsuk-card__heading">\n'
        f'      <a class="nhsuk-card__link" href="{escape(params["href"])}">{escape(params["heading"])}</a>\n'
        f"    </h{level}>\n"
        f'    <p class="nhsuk-card__description">{escape(params["description"])}</p>\n  </div>\n</div>'
    )
