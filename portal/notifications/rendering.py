"""Turning a message's words into its subject, plain text and HTML, in the reader's language.

The words are written with gettext inside ``in_language``, so a message reads from the same
catalogues as the pages; the HTML is right-to-left for Arabic, Dari and Pashto.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale


@dataclass
class Content:
    subject: str
    paragraphs: list[str]
    link: tuple[str, str] | None = None  # (text, address)
    after: list[str] = field(default_factory=list)


def language_or_english(language: str | None) -> str:
    return language if language in current_app.config["LANGUAGES"] else "en"


@contextmanager
def in_language(language: str):
    with force_locale(current_app.config["LANGUAGES"][language_or_english(language)][0]):
        yield


def public_url(endpoint: str, **values) -> str:
    """An absolute address under PUBLIC_URL, built without a request (the worker has none)."""
    parts = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def render(content: Content, language: str, channel: str = "email") -> tuple[str, str, str]:
    """(subject, plain text, HTML); call inside ``in_language(language)``. Text messages get no
    HTML and no postal footer."""
    config = current_app.config
    language = language_or_english(language)
    text_parts = list(content.paragraphs)
    if content.link:
        text_parts.append(f"{content.link[0]}: {content.link[1]}")
    text_parts += content.after
    if channel == "sms":
        return content.subject, "\n\n".join([content.subject, *text_parts]), ""
    footer = _footer(config)
    text = "\n\n".join([*text_parts, "--", *footer]) + "\n"
    html = current_app.jinja_env.get_template("notifications/email.html").render(
        content=content,
        footer=footer,
        lang=language,
        direction="rtl" if language in config["RTL_LANGUAGES"] else "ltr",
        service=config["SERVICE_NAME"],
    )
    return content.subject, text, html


def _footer(config) -> list[str]:
    from flask_babel import gettext as _

    return [
        config["SERVICE_NAME"],
        _("Email: %(email)s", email=config["ACADEMY_CONTACT_EMAIL"]),
        # Isolated left to right: in a right-to-left email its digit groups would print backwards.
        _("Phone: %(phone)s", phone=f"\u2066{config['ACADEMY_CONTACT_PHONE']}\u2069"),
        config["ACADEMY_ADDRESS"],
    ]
