from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from portal.auth import bp, services
from portal.auth.access import can_access, public_staff_page, roles_required
from portal.auth.forms import SignInForm
from portal.auth.models import ROLES


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
    (
        "schools_staff.log_session",
        _l("Log a school session"),
        _l("Record a careers session in a school, on your phone."),
    ),
    ("schools_staff.list_sessions", _l("School sessions"), _l("Sessions in schools, with sign-up links for pupils.")),
    (
        "schools_staff.list_requests",
        _l("Session requests"),
        _l("Schools asking for a session, and ambassadors to invite."),
    ),
    ("schools_staff.list_schools", _l("Schools"), _l("The schools register: URN, phase, pilot schools and contacts.")),
    (
        "schools_staff.list_ambassadors",
        _l("Ambassadors"),
        _l("Health and care ambassadors, their DBS checks and hours."),
    ),
    ("schools_staff.list_resources", _l("Schools toolkit"), _l("Resources for schools, published at /schools.")),
    (
        "schools_staff.reach_report",
        _l("Schools reach report"),
        _l("Sessions, pupils and schools reached, for the board."),
    ),
    ("pipeline.list_people", _l("People"), _l("Find a person and see everything about them in date order.")),
    ("opportunities_staff.list_organisations", _l("Organisations"), _l("Hosts, employers and referral partners.")),
    (
        "pipeline.overview",
        _l("Pipeline overview"),
        _l("How many people reached each stage, from first contact to a job that lasted."),
    ),
    (
        "reports.widening_participation",
        _l("Widening participation"),
        _l("Who the academy reached and who went on to work, by group, for the board."),
    ),
    ("reports.board_pack", _l("Board pack"), _l("A printable quarterly summary for the board.")),
    (
        "imports.list_imports",
        _l("Import from spreadsheets"),
        _l("Bring in people, their history and other records from CSV files."),
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
