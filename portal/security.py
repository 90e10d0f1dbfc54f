"""Response headers every page is sent with, and the rate limits on forms anyone can post.

The Content-Security-Policy allows scripts only from our own origin plus the one inline script
of the NHS.UK page template, by the hash of its text (worked out once at start-up from the
template as it renders). A hash rather than a per-response nonce keeps every response's policy the
same, so a kept page can be served again as it is. No inline styles, no ``style=`` attributes and
no ``on*=`` handlers anywhere: behaviour lives in static/js/portal.js and looks in
static/css/portal.css.
"""

import base64
import hashlib
import re

from flask import Flask, abort, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

HSTS = "max-age=31536000; includeSubDomains"
REFERRER_POLICY = "same-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)


def script_hashes(html: str) -> list[str]:
    """The CSP hash source of each inline script in ``html``."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in INLINE_SCRIPT.findall(html)
    ]


def content_security_policy(script_sources: list[str]) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src " + " ".join(["'self'", *script_sources]),
            "style-src 'self'",
            "img-src 'self' data:",
            # The NHS.UK stylesheet loads the Frutiger web font from the NHS asset server.
            "font-src 'self' https://assets.nhs.uk",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


def security_headers(response):
    headers = response.headers
    headers["Content-Security-Policy"] = current_app.extensions["content_security_policy"]
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = REFERRER_POLICY
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        headers["Strict-Transport-Security"] = HSTS
    return response


# Rate limits. Keyed on the client address (behind a proxy, set TRUSTED_PROXIES so that address is
# the visitor's and not the proxy's). The limits are read from the config on each request, so a
# test or a deployment can change them without code.
limiter = Limiter(key_func=get_remote_address)


def _sign_in_limit() -> str:
    return current_app.config["RATELIMIT_SIGN_IN"]


def _public_form_limit() -> str:
    return current_app.config["RATELIMIT_PUBLIC_FORMS"]


def sign_in_rate_limited(view):
    """For the sign-in and two-factor forms: a limit on posts from one address."""
    view = limiter.limit(_sign_in_limit, methods=["POST"])(view)
    view.rate_limited = True
    return view


def public_form(view):
    """For every form that anyone can post without signing in."""
    view = limiter.limit(_public_form_limit, methods=["POST"])(view)
    view.rate_limited = True
    return view


def refuse_oversized_forms():
    """A form without a file may be no larger than MAX_FORM_MEMORY_SIZE: answer 413 at once.

    Werkzeug would otherwise drop the oversized fields silently and the visitor would see a
    misleading "form expired" message from the CSRF check.
    """
    limit = current_app.config.get("MAX_FORM_MEMORY_SIZE")
    if (
        limit
        and request.content_length is not None
        and request.content_length > limit
        and request.mimetype != "multipart/form-data"
    ):
        abort(413)


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values if isinstance(value, str))


def refuse_nul_bytes():
    """No one types a NUL character; PostgreSQL cannot store one. Refuse with 400 rather than
    let it reach a query (found by tests/test_property_forms.py)."""
    if (
        "\x00" in request.path
        or _has_nul(request.args.values())
        or _has_nul((request.view_args or {}).values())
        or (request.method not in ("GET", "HEAD") and _has_nul(request.form.values()))
    ):
        abort(400)


def init_app(app: Flask) -> None:
    proxies = int(app.config.get("TRUSTED_PROXIES", 0) or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    limiter.init_app(app)
    # Before every other check, CSRF included.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_nul_bytes)
    app.before_request_funcs[None].insert(0, refuse_oversized_forms)
    app.after_request(security_headers)
    # Every page extends the NHS.UK template, whose one inline script does not depend on the page.
    template = app.jinja_env.get_template("nhsuk/template.jinja")
    app.extensions["content_security_policy"] = content_security_policy(script_hashes(template.render()))
