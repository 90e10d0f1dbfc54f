from flask import render_template, request

from portal.auth.access import roles_required
from portal.extensions import db
from portal.outreach import bp, services
from portal.outreach.choices import NEEDS, REFERRAL_STATUSES


@bp.get("/referrals")
@roles_required("outreach_adviser", "manager", "admin")
def list_referrals():
    status = request.args.get("status", "open")
    status = status if status in REFERRAL_STATUSES or status == "" else "open"
    page = db.paginate(
        services.triage_queue(status), page=request.args.get("page", 1, type=int), per_page=25, error_out=False
    )
    return render_template(
        "outreach/referral_list.html", page=page, status=status, statuses=REFERRAL_STATUSES, needs=NEEDS
    )
