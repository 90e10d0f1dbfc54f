"""A short-lived cache of the public catalogue pages (careers, opportunities, the home page) for
visitors who are not signed in.

These pages are the same for every anonymous visitor who reads the same language: careers come
from reference data, and opportunities change a few times a day. Keeping a rendered page for
PAGE_CACHE_SECONDS (60 by default, 0 turns it off) lets one process answer most requests
without the database or the templates. Each process keeps its own small cache; nothing is
shared, so several workers or hosts stay stateless.

A page is kept only when nothing in it is particular to the request: the visitor is not signed
in and has nothing in their session, the response is a 200 HTML page that sets no cookie and
carries no CSRF token. The CSP nonce is the one per-request value in such a page; it is
swapped for the new request's nonce when the page is served again, so the policy still holds.
"""

import time
from collections import OrderedDict
from threading import Lock

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user

from portal.i18n import current_language
from portal.security import csp_nonce

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
MAX_PAGES = 512


class PageCache:
    def __init__(self, max_pages: int = MAX_PAGES):
        self.pages: OrderedDict[tuple, tuple[float, bytes, str]] = OrderedDict()
        self.lock = Lock()
        self.max_pages = max_pages

    def get(self, key: tuple, ttl: float) -> tuple[bytes, str] | None:
        with self.lock:
            entry = self.pages.get(key)
            if entry is None:
                return None
            stored_at, body, nonce = entry
            if time.monotonic() - stored_at > ttl:
                del self.pages[key]
                return None
            self.pages.move_to_end(key)
            return body, nonce

    def put(self, key: tuple, body: bytes, nonce: str) -> None:
        with self.lock:
            self.pages[key] = (time.monotonic(), body, nonce)
            self.pages.move_to_end(key)
            while len(self.pages) > self.max_pages:
                self.pages.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()


def _key() -> tuple | None:
    if (
        request.method != "GET"
        or request.endpoint not in CACHEABLE
        or not current_app.config["PAGE_CACHE_SECONDS"]
        or session
        or current_user.is_authenticated
    ):
        return None
    return current_language(), request.full_path


def init_app(app: Flask) -> None:
    cache = PageCache()
    app.extensions["page_cache"] = cache

    @app.before_request
    def serve_kept_page():
        key = _key()
        if key is None:
            return None
        g.page_cache_key = key
        kept = cache.get(key, app.config["PAGE_CACHE_SECONDS"])
        if kept is None:
            return None
        body, nonce = kept
        g.page_cache_hit = True
        return Response(body.replace(nonce.encode(), csp_nonce().encode()), mimetype="text/html")

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
        cache.put(key, body, csp_nonce())
        return response
