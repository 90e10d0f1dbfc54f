"""A short-lived cache of the public catalogue pages (careers, opportunities, the home page) for
visitors who are not signed in.

These pages are the same for every anonymous visitor who reads the same language: careers come
from reference data, and opportunities change a few times a day. Keeping a rendered page for
PAGE_CACHE_SECONDS (60 by default, 0 turns it off) lets the portal answer most requests without
the database or the templates. The pages live in the one cache (portal.extensions.cache): in each
process, or shared by every worker and host when REDIS_URL is set.

A page is kept only when nothing in it is particular to the request: the visitor is not signed
in and has nothing in their session, the response is a 200 HTML page that sets no cookie and
carries no CSRF token. Nothing else in such a page changes between requests: the
Content-Security-Policy allows the page's inline script by its hash, not a per-response nonce.
"""

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user

from portal import caching
from portal.i18n import current_language

CACHEABLE = frozenset(
    {
        "main.home",
        "careers.list_careers",
        "careers.view_career",
        "careers.view_family",
        "careers.compare_careers",
        "opportunities.list_opportunities",
        "opportunities.view_opportunity",
    }
)


def _key() -> str | None:
    if (
        request.method != "GET"
        or request.endpoint not in CACHEABLE
        or not current_app.config["PAGE_CACHE_SECONDS"]
        or session
        or current_user.is_authenticated
    ):
        return None
    return f"page:{current_language()}:{request.full_path}"


def init_app(app: Flask) -> None:
    @app.before_request
    def serve_kept_page():
        key = _key()
        if key is None:
            return None
        g.page_cache_key = key
        body = caching.kept(key)
        if body is None:
            return None
        g.page_cache_hit = True
        return Response(body, mimetype="text/html")

    @app.after_request
    def keep_page(response):
        key = g.get("page_cache_key")
        if (
            key is None
            or g.get("page_cache_hit")
            or response.status_code != 200
            or response.mimetype != "text/html"
            or "Set-Cookie" in response.headers
            or session.modified
            or session
        ):
            return response
        body = response.get_data()
        if b'name="csrf_token"' in body:
            return response
        caching.keep(key, body, timeout=app.config["PAGE_CACHE_SECONDS"])
        return response
