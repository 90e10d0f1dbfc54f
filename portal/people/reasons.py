"""The matcher's reasons in words staff read, translated. ``portal.people.matching.REASONS`` keeps
the English of the duplicates file (a contract for measuring); pages use these."""

from flask_babel import lazy_gettext as _l

REASON_LABELS = {
    "first_name_same": _l("same first name"),
    "first_name_transliterated": _l("first names match after transliteration"),
    "first_name_typo": _l("first names differ by one letter"),
    "first_name_part": _l("one first name is part of the other"),
    "first_name_gendered": _l("first names look like male and female forms"),
    "first_name_short_typo": _l("short first names differ by one letter"),
    "first_name_different": _l("different first names"),
    "last_name_same": _l("same last name"),
    "last_name_transliterated": _l("last names match after transliteration"),
    "last_name_typo": _l("last names differ by one letter"),
    "last_name_part": _l("one last name is part of the other"),
    "last_name_gendered": _l("last names are male and female forms"),
    "last_name_short_typo": _l("short last names differ by one letter"),
    "last_name_different": _l("different last names"),
    "names_swapped": _l("first and last names swapped"),
    "names_split_differently": _l("same names, split differently between first and last"),
    "dob_same": _l("same date of birth"),
    "dob_day_month_swapped": _l("day and month of birth swapped"),
    "dob_typo": _l("dates of birth differ by one digit"),
    "dob_missing": _l("date of birth missing on one"),
    "dob_different": _l("different date of birth"),
    "email_same": _l("same email"),
    "phone_same": _l("same phone"),
    "postcode_same": _l("same postcode"),
    "email_different": _l("different emails"),
    "phone_different": _l("different phones"),
}


def reason_labels(codes) -> list[str]:
    """The reasons in the reader's language; a code this version does not know is shown as is."""
    return [str(REASON_LABELS.get(code, code)) for code in codes or ()]
