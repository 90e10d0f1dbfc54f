"""HTML to PDF on the server (WeasyPrint 70): the board pack's own page, with the portal's
stylesheets read from the static folder. Nothing is fetched from the network."""

from pathlib import Path
from urllib.parse import urlparse

from flask import current_app


def _static_fetcher():
    """A URL fetcher that serves /static/… from the app's static folder and refuses every other
    address (WeasyPrint then leaves that resource out)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = Path(current_app.static_folder).resolve()
    static_url = current_app.static_url_path.rstrip("/") + "/"

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = urlparse(url).path
            if not path.startswith(static_url):
                raise ValueError("the PDF reads only the portal's own static files")
            target = (root / path[len(static_url) :]).resolve()
            if root not in target.parents or not target.is_file():
                raise ValueError("not a static file")
            return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": _content_type(target)})

    return StaticFetcher(allowed_protocols=("http",))


def _content_type(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        path.suffix, "application/octet-stream"
    )


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url="http://portal.invalid/", url_fetcher=_static_fetcher()).write_pdf()
