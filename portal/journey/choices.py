"""The questions' answers. Nothing here identifies anyone."""

from flask_babel import lazy_gettext as _l

SITUATIONS = {
    "at_school": _l("At school or sixth form"),
    "at_college": _l("At college or university"),
    "working": _l("Working, in a job outside health and care"),
    "not_working": _l("Not working at the moment"),
    "new_to_uk": _l("New to the UK, for example as a refugee or asylum seeker"),
}

RIGHT_TO_WORK = {
    "yes": _l("Yes"),
    "no": _l("No"),
    "not_sure": _l("I'm not sure"),
}

ENGLISH = {
    "fluent": _l("Fluent or my first language"),
    "good": _l("Good: I can use it every day"),
    "some": _l("Some: I can manage simple conversations"),
    "learning": _l("I am just starting to learn"),
}

QUALIFICATIONS = {
    "none": _l("None yet"),
    "school": _l("School qualifications, such as GCSEs"),
    "college": _l("A levels, T levels or a vocational qualification"),
    "degree": _l("A UK university degree"),
    "abroad_health": _l("A health or care qualification from outside the UK"),
    "abroad_other": _l("Another qualification from outside the UK"),
}

ENIC = {
    "yes": _l("Yes, I have a UK ENIC statement"),
    "no": _l("No, not yet"),
    "not_sure": _l("I don't know what this is"),
}

AVAILABILITY = {
    "full_time": _l("Full time"),
    "part_time": _l("Part time"),
    "few_hours": _l("A few hours a week"),
    "not_yet": _l("Not yet: I am still studying or not ready"),
}

ROUTE_SLUGS = {"in-education": "in_education", "career-changer": "career_changer", "seldom-heard": "seldom_heard"}
