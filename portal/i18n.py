"""Choosing the reader's language: ?lang= (remembered in a cookie), else the browser's, else English.

Language tags in URLs and the page's lang attribute are BCP 47 (``prs`` for Dari); Babel has no
``prs`` locale, so catalogues and number/date formatting for Dari use ``fa_AF``.
"""

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import format_date, format_datetime, format_decimal, format_number, get_locale


def language_tags() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def current_language() -> str:
    """The tag chosen for this request, worked out once; English outside a request (commands)."""
    if not has_request_context():
        return "en"
    if "lang" not in g:
        g.lang = _choose_language()
    return g.lang


def _choose_language() -> str:
    tags = language_tags()
    asked = request.args.get("lang", "")
    if asked in tags:
        return asked
    remembered = request.cookies.get(current_app.config["LANGUAGE_COOKIE"], "")
    if remembered in tags:
        return remembered
    # Accept-Language may say fa-AF for Dari; map Babel locales back to our tags.
    by_locale = {
        babel_locale.replace("_", "-"): tag for tag, (babel_locale, _) in current_app.config["LANGUAGES"].items()
    }
    offers = tags + [loc for loc in by_locale if loc not in tags]
    best = request.accept_languages.best_match(offers)
    if best:
        return by_locale.get(best, best)
    return "en"


def select_locale() -> str:
    return current_app.config["LANGUAGES"][current_language()][0]


def text_direction() -> str:
    return "rtl" if current_language() in current_app.config["RTL_LANGUAGES"] else "ltr"


# Arabic script writes its comma turned and reversed (U+060C); Babel's list patterns disagree between
# locales (and fail for fa_AF), so a list of phrases is joined with the reader's own comma.
ARABIC_COMMA_LANGUAGES = {"ar", "prs", "ps"}


def join_list(items) -> str:
    separator = "\u060c " if current_language() in ARABIC_COMMA_LANGUAGES else ", "
    return separator.join(str(item) for item in items)


def language_name(tag: str | None) -> str:
    """A language a person prefers, named in the reader's language ("Ukrainian" for an English
    reader, "українська" for a Ukrainian one); an unknown tag is shown as it is."""
    if not tag:
        return ""
    known = current_app.config["LANGUAGES"].get(tag)
    # CLDR names languages by code; Dari is "fa_AF" there (the "prs" tag has no entry).
    code = known[0] if known and "_" in known[0] and tag != "en" else tag
    names = get_locale().languages
    return names.get(code) or names.get(tag.replace("-", "_")) or tag


def language_words(tag: str | None) -> str:
    """The reader's name for the language and, if different, its own name: "Ukrainian (Українська)"."""
    if not tag:
        return ""
    name = language_name(tag)
    known = current_app.config["LANGUAGES"].get(tag)
    native = known[1] if known else ""
    return f"{name} ({native})" if native and native.lower() != name.lower() else name


def init_app(app: Flask) -> None:
    @app.after_request
    def remember_language(response):
        asked = request.args.get("lang")
        if asked and asked in app.config["LANGUAGES"]:
            response.set_cookie(
                app.config["LANGUAGE_COOKIE"],
                asked,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=app.config["SESSION_COOKIE_SECURE"],
                httponly=True,
            )
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
        return response

    @app.context_processor
    def language_context():
        return {
            "current_language": current_language(),
            "text_direction": text_direction(),
            "languages": app.config["LANGUAGES"],
            "babel_locale": get_locale(),
        }

    app.jinja_env.globals.update(
        format_number=format_number,
        format_decimal=format_decimal,
        format_date=format_date,
        format_datetime=format_datetime,
        join_list=join_list,
        language_name=language_name,
    )
