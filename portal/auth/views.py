import time
import unicodedata
from datetime import date
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from portal.auth import services, throttle, two_factor
from portal.auth.access import can_access, public_staff_page
from portal.auth.blueprint import bp
from portal.auth.forms import CodeForm, SignInForm
from portal.auth.models import User
from portal.common import work_queues
from portal.extensions import db
from portal.security import sign_in_rate_limited


def _safe_next(target: str | None) -> str | None:
    """Only ever send people on to a page of ours: a path, never another host."""
    if not target:
        return None
    # A control character (CR/LF above all) would be refused in the Location header: a 500.
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


PENDING = "pending_sign_in"
PENDING_SECONDS = 10 * 60
WRONG_DETAILS = _l("Enter a correct email address and password")


TOO_MANY = _l("There have been too many attempts to sign in. Try again in a few minutes.")


def _pending_user() -> User | None:
    """The account whose password was right, waiting for its code (for a few minutes only).
    The cookie holds only this marker (an account id and a time), which signs no one in."""
    pending = session.get(PENDING)
    if not pending or time.time() - pending.get("started", 0) > PENDING_SECONDS:
        return None
    user_id = pending.get("user")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    return user if user is not None and user.active else None


def _finish_sign_in(user: User) -> str:
    """Both steps passed: a brand-new session for the account. Returns where to go next."""
    target = session.get(PENDING, {}).get("next")
    # A fresh cookie and a new session row at sign-in, so nothing set before it can be reused.
    session.clear()
    services.record_sign_in(user)
    login_user(user)
    return _safe_next(target) or url_for("auth.staff_home")


@bp.route("/sign-in", methods=["GET", "POST"])
@public_staff_page
@sign_in_rate_limited
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("auth.staff_home"))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = services.check_password_step(form.email.data, form.password.data, request.remote_addr)
        except services.SignInRefused as refused:
            form.email.errors.append(TOO_MANY if refused.throttled else WRONG_DETAILS)
        else:
            session.clear()
            session[PENDING] = {"user": user.id, "started": time.time(), "next": request.args.get("next")}
            if not user.two_factor_enrolled:
                return redirect(url_for("auth.set_up_two_factor"))
            return redirect(url_for("auth.enter_code"))
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@public_staff_page
@sign_in_rate_limited
def enter_code():
    user = _pending_user()
    if user is None or not user.two_factor_enrolled:
        return redirect(url_for("auth.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            services.check_code_step(user, form.code.data, request.remote_addr)
        except services.SignInRefused as refused:
            if refused.throttled:
                form.code.errors.append(TOO_MANY)
            else:
                form.code.errors.append(_("Enter the code shown in your authenticator app, or a recovery code"))
        else:
            return redirect(_finish_sign_in(user))
    return render_template("auth/enter_code.html", form=form)


@bp.route("/sign-in/set-up-two-factor", methods=["GET", "POST"])
@public_staff_page
@sign_in_rate_limited
def set_up_two_factor():
    user = _pending_user()
    if user is None:
        return redirect(url_for("auth.sign_in"))
    if user.two_factor_enrolled:
        return redirect(url_for("auth.enter_code"))
    two_factor.start_enrolment(user)
    form = CodeForm()
    if form.validate_on_submit():
        if throttle.wait_seconds(user.email, request.remote_addr):
            form.code.errors.append(TOO_MANY)
            return _set_up_page(user, form)
        codes = two_factor.confirm_enrolment(user, form.code.data)
        if codes is None:
            services.register_code_failure(user, request.remote_addr, "wrong enrolment code")
            form.code.errors.append(_("Enter the 6-digit code shown in your authenticator app"))
        else:
            target = _finish_sign_in(user)
            return render_template("auth/recovery_codes.html", codes=codes, target=target)
    return _set_up_page(user, form)


def _set_up_page(user: User, form: CodeForm):
    return render_template(
        "auth/set_up_two_factor.html",
        form=form,
        qr_code=two_factor.qr_code_data_uri(user),
        secret=" ".join(user.totp_secret[i : i + 4] for i in range(0, len(user.totp_secret), 4)),
    )


@bp.post("/sign-out")
def sign_out():
    services.sign_out(current_user._get_current_object())
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
        "people.list_intakes",
        _l("Forms to check"),
        _l("Public forms that match someone on record, waiting for you to say who sent them."),
    ),
    (
        "people.list_duplicates",
        _l("Possible duplicates"),
        _l("Pairs of records that may be one person, to merge or to tell apart."),
    ),
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
        "reports.schools_reach_report",
        _l("Schools reach report"),
        _l("Sessions, pupils and schools reached, for the board."),
    ),
    ("people.list_people", _l("People"), _l("Find a person and see everything about them in date order.")),
    ("opportunities_staff.list_organisations", _l("Organisations"), _l("Hosts, employers and referral partners.")),
    (
        "reports.pipeline_overview",
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
        "reports.outcomes_report",
        _l("Opportunities and outcomes"),
        _l("Applications, places filled, completions, jobs and who was still in work at 13 and 26 weeks."),
    ),
    (
        "imports.list_imports",
        _l("Import from spreadsheets"),
        _l("Bring in people, their history and other records from CSV files."),
    ),
    ("admin.list_users", _l("Staff accounts"), _l("Who can sign in, and with which role.")),
    ("admin.audit_log", _l("Audit log"), _l("Who viewed, exported or changed which record, and when.")),
    ("auth.list_sessions", _l("Your sessions"), _l("Where you are signed in, and ending a session you do not use.")),
    ("auth.change_password", _l("Change your password"), _l("Choose a new password; your other sessions end.")),
]


@bp.get("/")
def staff_home():
    tasks = [
        {"href": url_for(endpoint), "title": str(title), "description": str(description)}
        for endpoint, title, description in STAFF_TASKS
        if can_access(current_user, endpoint)
    ]
    shown = [queue for queue in work_queues.registered() if queue.shown_to(current_user, can_access)]
    counts = work_queues.counts(shown, current_user, date.today())
    queues = [
        {"label": str(queue.label), "count": counts[queue.key], "href": url_for(queue.endpoint, **queue.args)}
        for queue in shown
    ]
    return render_template(
        "auth/staff_home.html", tasks=tasks, queues=queues, role_summary=str(ROLE_SUMMARIES[current_user.role])
    )
