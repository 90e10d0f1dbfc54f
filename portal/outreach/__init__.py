"""Outreach: referrals into the advisers' triage queue (case management builds on this)."""

from flask import Blueprint

bp = Blueprint("outreach", __name__)

from portal.outreach import views  # noqa: E402,F401
