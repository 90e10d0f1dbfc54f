"""The fixed vocabularies of the person record and the pipeline (see shared data-formats)."""

from flask_babel import lazy_gettext as _l

STAGES = (
    "engaged",
    "advised",
    "experience",
    "applied",
    "in_training",
    "offered",
    "employed",
    "sustained_13w",
    "sustained_26w",
)
EXITS = ("withdrawn", "unsuccessful")
STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGES, start=1)}

STAGE_LABELS = {
    "engaged": _l("Engaged"),
    "advised": _l("Advised"),
    "experience": _l("Work experience or volunteering"),
    "applied": _l("Applied"),
    "in_training": _l("In training or placement"),
    "offered": _l("Offered a job"),
    "employed": _l("Employed"),
    "sustained_13w": _l("Still employed at 13 weeks"),
    "sustained_26w": _l("Still employed at 26 weeks"),
    "withdrawn": _l("Withdrew"),
    "unsuccessful": _l("Unsuccessful"),
}

ROUTES = {
    "in_education": _l("In education"),
    "career_changer": _l("Changing career or out of work"),
    "seldom_heard": _l("New to the UK or needing extra support"),
}

SOURCES = {
    "school_session": _l("School session"),
    "website": _l("Website"),
    "referral": _l("Referral"),
    "event": _l("Event"),
    "other": _l("Other"),
}

PREFER_NOT_TO_SAY = "prefer_not_to_say"

SEX = {
    "female": _l("Female"),
    "male": _l("Male"),
    "other": _l("Other"),
    PREFER_NOT_TO_SAY: _l("Prefer not to say"),
}

YES_NO = {
    "yes": _l("Yes"),
    "no": _l("No"),
    PREFER_NOT_TO_SAY: _l("Prefer not to say"),
}

# NHS Data Dictionary ETHNIC CATEGORY (2001 census 16+1), with the five-way grouping reports use.
ETHNIC_CATEGORIES = {
    "A": ("white", _l("White - British")),
    "B": ("white", _l("White - Irish")),
    "C": ("white", _l("White - Any other White background")),
    "D": ("mixed", _l("Mixed - White and Black Caribbean")),
    "E": ("mixed", _l("Mixed - White and Black African")),
    "F": ("mixed", _l("Mixed - White and Asian")),
    "G": ("mixed", _l("Mixed - Any other mixed background")),
    "H": ("asian", _l("Asian or Asian British - Indian")),
    "J": ("asian", _l("Asian or Asian British - Pakistani")),
    "K": ("asian", _l("Asian or Asian British - Bangladeshi")),
    "L": ("asian", _l("Asian or Asian British - Any other Asian background")),
    "M": ("black", _l("Black or Black British - Caribbean")),
    "N": ("black", _l("Black or Black British - African")),
    "P": ("black", _l("Black or Black British - Any other Black background")),
    "R": ("other", _l("Other ethnic groups - Chinese")),
    "S": ("other", _l("Other ethnic groups - Any other ethnic group")),
    "Z": ("not_stated", _l("Not stated (prefer not to say)")),
    "99": ("not_stated", _l("Not known")),
}

# The yes/no/prefer-not-to-say characteristics kept on the equality profile.
YES_NO_CHARACTERISTICS = (
    "disability",
    "care_experienced",
    "free_school_meals",
    "young_carer",
    "first_in_family_he",
    "refugee_background",
)

ORGANISATION_KINDS = {
    "nhs_trust": _l("NHS trust"),
    "gp_practice": _l("GP practice or primary care network"),
    "local_authority": _l("Local authority"),
    "care_provider": _l("Care provider"),
    "vcse": _l("Voluntary or community organisation"),
    "education": _l("College or university"),
    "referral_partner": _l("Referral partner"),
    "other": _l("Other"),
}

LANGUAGE_TAG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
