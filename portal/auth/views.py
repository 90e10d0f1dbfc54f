from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from portal.auth import bp, services
from portal.auth.access import can_access, public_staff_page, roles_required
from portal.auth.forms import SignInForm
from portal.auth.models import ROLES
from portal.security import sign_in_rate_limited


def _safe_next(target: str | None) -> str | None:
    """Only ever send people on to a page of ours: a path, never another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


@bp.route("/sign-in", methods=["GET", "POST"])
@public_staff_page
@sign_in_rate_limited
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("auth.staff_home"))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.email.errors.append(_l("Enter a correct email address and password"))
        else:
            # A fresh session at sign-in, so an identifier set before it cannot be reused.
            session.clear()
            login_user(user)
            services.record_sign_in(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("auth.staff_home"))
    return render_template("auth/sign_in.html", form=form)


@bp.post("/sign-out")
@roles_required(*ROLES)
def sign_out():
    services.sign_out_everywhere(current_user._get_current_object())
    logout_user()
    session.clear()
    flash(_l("You have signed out."), "success")
    return redirect(url_for("auth.sign_in"))


ROLE_SUMMARIES = {
    "admin": _l("You look after staff accounts, reference data and the audit trail."),
    "manager": _l("You read the pipeline and widening-participation figures and prepare board reports."),
    "academy_staff": _l(
        "You run the schools programme, publish opportunities and take applicants through to placements."
    ),
    "outreach_adviser": _l("You support people one to one, from referral to a job that lasts."),
}

# What a signed-in person can do, in the order the staff home shows it. Areas add their pages
# here; each appears only for the roles its view allows.
STAFF_TASKS = [
    (
        "outreach.my_caseload",
        _l("My caseload"),
        _l("Your open cases, overdue actions and people you have not contacted for 30 days."),
    ),
    ("outreach.list_referrals", _l("Referrals"), _l("People who asked for an adviser, waiting to be contacted.")),
    (
        "opportunities_staff.list_applications",
        _l("Applications"),
        _l("Review applications and take people through to a placement."),
    ),
    (
        "opportunities_staff.list_opportunities",
        _l("Opportunities"),
        _l("Publish work experience, apprenticeships, volunteering and sessions."),
    ),
    (
        "opportunities_staff.list_checks_due",
        _l("Checks due"),
        _l("13-week and 26-week checks on people who started a job."),
    ),
    ("opportunities_staff.list_outcomes", _l("Jobs"), _l("The jobs people went on to, with their checks.")),
    ("pipeline.list_people", _l("People"), _l("Find a person and see everything about them in date order.")),
    ("opportunities_staff.list_organisations", _l("Organisations"), _l("Hosts, employers and referral partners.")),
    (
        "pipeline.overview",
        _l("Pipeline overview"),
        _l("How many people reached each stage, from first contact to a job that lasted."),
    ),
    ("admin.list_users", _l("Staff accounts"), _l("Who can sign in, and with which role.")),
]


@bp.get("/")
@roles_required(*ROLES)
def staff_home():
    tasks = [
        {"href": url_for(endpoint), "title": str(title), "description": str(description)}
        for endpoint, title, description in STAFF_TASKS
        if can_access(current_user, endpoint)
    ]
    return render_template("auth/staff_home.html", tasks=tasks, role_summary=str(ROLE_SUMMARIES[current_user.role]))
