"""Site navigation built from the pages that exist, so a link never goes nowhere.

Areas that land later add their endpoint here; it only shows once its blueprint is registered.
"""

from urllib.parse import urlencode

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import can_access
from portal.main.blueprint import bp

PUBLIC_NAVIGATION = (
    ("main.home", _l("Home")),
    ("careers.list_careers", _l("Careers")),
    ("opportunities.list_opportunities", _l("Opportunities")),
    ("journey.start", _l("Journey to Work")),
    ("schools.toolkit", _l("For schools")),
)


def _exists(endpoint: str) -> bool:
    return endpoint in current_app.view_functions


def navigation_items() -> list[dict]:
    items = []
    for endpoint, text in PUBLIC_NAVIGATION:
        if _exists(endpoint):
            href = url_for(endpoint)
            items.append({"href": href, "text": str(text), "active": request.path == href})
    if current_user.is_authenticated and can_access(current_user, "auth.staff_home"):
        href = url_for("auth.staff_home")
        items.append({"href": href, "text": str(_l("Staff home")), "active": request.path == href})
    return items


# The pages every public service publishes, linked from every page's footer (portal/main/public_pages.py).
SERVICE_PAGES = (
    ("main.privacy_notice", _l("Privacy")),
    ("main.accessibility_statement", _l("Accessibility statement")),
    ("main.cookies", _l("Cookies")),
    ("main.contact", _l("Contact us")),
)


def footer_items() -> list[dict]:
    items = [{"href": url_for("main.home"), "text": str(_l("Home"))}]
    items += [{"href": url_for(endpoint), "text": str(text)} for endpoint, text in SERVICE_PAGES if _exists(endpoint)]
    if not current_user.is_authenticated:
        items.append({"href": url_for("auth.sign_in"), "text": str(_l("Staff sign in"))})
    # The academy's own contact details, from configuration (ACADEMY_CONTACT_*). The phone number
    # is isolated left to right, or a right-to-left page would print its groups backwards.
    items.append({"href": url_for("notifications.ask_for_link"), "text": str(_l("Your applications"))})
    email, phone = current_app.config["ACADEMY_CONTACT_EMAIL"], current_app.config["ACADEMY_CONTACT_PHONE"]
    if email:
        items.append({"href": f"mailto:{email}", "text": str(_l("Email: %(email)s", email=email))})
    if phone:
        items.append({"href": "tel:" + "".join(c for c in phone if c.isdigit() or c == "+"),
                      "text": str(_l("Phone: %(phone)s", phone=f"\u2066{phone}\u2069"))})  # fmt: skip
    return items


def language_url(tag: str) -> str:
    """This page in another language, keeping its query string."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [tag]
    return f"{request.path}?{urlencode(args, doseq=True)}"


@bp.app_context_processor
def navigation_context():
    return {"navigation_items": navigation_items, "footer_items": footer_items, "language_url": language_url}
