"""What happened, announced by the areas inside the transaction of the change, for whoever listens
(the notifications package sends messages): the areas never import their listeners.

Each signal is sent with the changed record as the sender, as Indico's modules do."""

from blinker import Namespace

_signals = Namespace()

application_status_changed = _signals.signal("application-status-changed")  # sender: the application
placement_confirmed = _signals.signal("placement-confirmed")  # sender: the application; placement=
case_assigned = _signals.signal("case-assigned")  # sender: the case; adviser=
referral_arrived = _signals.signal("referral-arrived")  # sender: the referral
session_requested = _signals.signal("session-requested")  # sender: the school's request
intake_received = _signals.signal("intake-received")  # sender: the intake (portal/people)
application_duplicated = _signals.signal("application-duplicated")  # sender: the application; person=
# sender: the staff account; kind= invitation, password_reset or two_factor_reset; token= the
# signed set-password token (None for the two-factor confirmation); language= (None: as before)
account_email = _signals.signal("account-email")
consent_withdrawn = _signals.signal("consent-withdrawn")  # sender: the person (portal/people/consent.py)
