"""Outreach: referrals into the advisers' triage queue (case management builds on this)."""
