"""The pages every public service publishes: privacy notice, accessibility statement, cookies and
contact. Their words are in the templates (translated like every page); the academy's own details
come from configuration (SERVICE_NAME, ACADEMY_CONTACT_EMAIL, ACADEMY_CONTACT_PHONE, ACADEMY_ADDRESS,
RETENTION_YEARS), so an academy that deploys the portal publishes its own."""

from datetime import date

from flask import current_app, render_template

from portal.main.blueprint import bp

# When the accessibility statement was written and when the site was last tested against it.
STATEMENT_PREPARED = date(2026, 12, 2)
LAST_TESTED = date(2026, 12, 2)


def academy() -> dict:
    config = current_app.config
    phone = config["ACADEMY_CONTACT_PHONE"]
    return {
        "name": config["SERVICE_NAME"],
        "email": config["ACADEMY_CONTACT_EMAIL"],
        "phone": phone,
        "phone_href": "tel:" + "".join(c for c in phone if c.isdigit() or c == "+"),
        "address": config["ACADEMY_ADDRESS"],
    }


@bp.get("/privacy")
def privacy_notice():
    return render_template(
        "main/privacy.html", academy=academy(), retention_years=current_app.config["RETENTION_YEARS"]
    )


@bp.get("/accessibility")
def accessibility_statement():
    return render_template(
        "main/accessibility.html", academy=academy(), prepared=STATEMENT_PREPARED, tested=LAST_TESTED
    )


@bp.get("/cookies")
def cookies():
    return render_template("main/cookies.html", academy=academy())


@bp.get("/contact")
def contact():
    return render_template("main/contact.html", academy=academy())
