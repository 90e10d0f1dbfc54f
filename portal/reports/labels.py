"""What the report calls each characteristic and group, in words a board reads."""

from flask_babel import lazy_gettext as _l

from portal.pipeline.choices import ROUTES, SEX, YES_NO

CHARACTERISTIC_LABELS = {
    "all": _l("Everyone"),
    "route": _l("Route into work"),
    "age_band": _l("Age band (at first contact in the period)"),
    "sex": _l("Sex"),
    "ethnic_group": _l("Ethnic group"),
    "disability": _l("Disability"),
    "imd_quintile": _l("Deprivation (IMD quintile of home postcode)"),
    "care_experienced": _l("Care experienced"),
    "free_school_meals": _l("Free school meals"),
    "young_carer": _l("Young carer"),
    "first_in_family_he": _l("First in family to go to university"),
    "refugee_background": _l("Refugee or asylum background"),
}

_AGE_BANDS = {
    "under_16": _l("Under 16"),
    "16_17": _l("16 to 17"),
    "18_24": _l("18 to 24"),
    "25_34": _l("25 to 34"),
    "35_49": _l("35 to 49"),
    "50_plus": _l("50 and over"),
}
_ETHNIC_GROUPS = {
    "white": _l("White"),
    "mixed": _l("Mixed or multiple ethnic groups"),
    "asian": _l("Asian or Asian British"),
    "black": _l("Black or Black British"),
    "other": _l("Other ethnic group"),
    "not_stated": _l("Not stated"),
}
_IMD = {
    "1": _l("1 (most deprived)"),
    "2": _l("2"),
    "3": _l("3"),
    "4": _l("4"),
    "5": _l("5 (least deprived)"),
}
_GROUPS = {
    "all": {"all": _l("Everyone")},
    "route": ROUTES,
    "age_band": _AGE_BANDS,
    "sex": SEX,
    "ethnic_group": _ETHNIC_GROUPS,
    "imd_quintile": _IMD,
}


def group_label(characteristic: str, group: str) -> str:
    if group == "unknown":
        return str(_l("Not known"))
    labels = _GROUPS.get(characteristic, YES_NO)
    return str(labels.get(group, group))
