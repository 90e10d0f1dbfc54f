"""Entry routes and Agenda for Change pay bands."""

from flask_babel import lazy_gettext as _l

ENTRY_ROUTES = {
    "degree": _l("University degree"),
    "apprenticeship": _l("Apprenticeship"),
    "direct_entry": _l("Straight into a job, training at work"),
    "graduate_entry": _l("Postgraduate course, after a first degree"),
    "return_to_practice": _l("Return to practice"),
    "international": _l("International route, with qualifications from abroad"),
}

# What the list page's "how to get in" filter offers, and what each one means.
ROUTE_FILTERS = {
    "apprenticeship": _l("Apprenticeship available"),
    "no_degree": _l("No degree needed"),
    "return_to_practice": _l("Return to practice"),
    "international": _l("International route"),
}

BANDS = ("2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")
BAND_RANK = {band: rank for rank, band in enumerate(BANDS, start=2)}

# Agenda for Change (England) pay, 2025/26: (entry, top) of each band, in pounds a year.
# Source: NHS Employers pay scales 2025/26, cross-checked in shared/reference/README.md.
AFC_PAY_YEAR = "2025/26"
AFC_PAY = {
    "2": (24465, 24465),
    "3": (24937, 26598),
    "4": (27485, 30162),
    "5": (31049, 37796),
    "6": (38682, 46580),
    "7": (47810, 54710),
    "8a": (55690, 62682),
    "8b": (64455, 74896),
    "8c": (76965, 88682),
    "8d": (91342, 105337),
    "9": (109179, 125637),
}
