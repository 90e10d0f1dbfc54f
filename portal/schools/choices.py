"""The fixed vocabularies of the schools programme (see shared data-formats: sessions.csv)."""

from flask_babel import lazy_gettext as _l

PHASES = {
    "primary": _l("Primary"),
    "middle": _l("Middle"),
    "secondary": _l("Secondary"),
    "all_through": _l("All-through"),
    "special": _l("Special"),
    "college": _l("College or sixth form"),
}

FORMATS = {"in_person": _l("In person"), "virtual": _l("Virtual"), "hybrid": _l("Hybrid")}

ACTIVITIES = {
    "careers_talk": _l("Careers talk"),
    "meet_a_professional": _l("Meet a professional"),
    "workshop": _l("Workshop"),
    "careers_fair": _l("Careers fair"),
    "virtual_work_experience": _l("Virtual work experience"),
    "mock_interviews": _l("Mock interviews"),
    "assembly": _l("Assembly"),
    "teacher_cpd": _l("Teacher CPD"),
    "parents_event": _l("Parents' event"),
}

YEAR_GROUPS = ("R", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13")

# England's key stages: Reception is the Early Years Foundation Stage; 16-19 study is often called KS5.
KEY_STAGES = {
    "eyfs": _l("Early years (Reception)"),
    "ks1": _l("Key stage 1 (Years 1 to 2)"),
    "ks2": _l("Key stage 2 (Years 3 to 6)"),
    "ks3": _l("Key stage 3 (Years 7 to 9)"),
    "ks4": _l("Key stage 4 (Years 10 to 11)"),
    "ks5": _l("16 to 19 (Years 12 to 13)"),
}
YEAR_KEY_STAGE = {
    "R": "eyfs",
    **dict.fromkeys(("1", "2"), "ks1"),
    **dict.fromkeys(("3", "4", "5", "6"), "ks2"),
    **dict.fromkeys(("7", "8", "9"), "ks3"),
    **dict.fromkeys(("10", "11"), "ks4"),
    **dict.fromkeys(("12", "13"), "ks5"),
}


def year_label(year: str) -> str:
    return str(_l("Reception")) if year == "R" else str(_l("Year %(year)s", year=year))


# The Gatsby Benchmarks of good career guidance (wording updated November 2024).
GATSBY_BENCHMARKS = {
    1: _l("1. A stable careers programme"),
    2: _l("2. Learning from career and labour market information"),
    3: _l("3. Addressing the needs of each young person"),
    4: _l("4. Linking curriculum learning to careers"),
    5: _l("5. Encounters with employers and employees"),
    6: _l("6. Experiences of workplaces"),
    7: _l("7. Encounters with further and higher education"),
    8: _l("8. Personal guidance"),
}

REQUEST_STATUSES = {
    "new": _l("New"),
    "matching": _l("Finding ambassadors"),
    "arranged": _l("Arranged"),
    "delivered": _l("Delivered"),
    "declined": _l("Could not be arranged"),
}

INVITATION_RESPONSES = {"invited": _l("Invited"), "accepted": _l("Accepted"), "declined": _l("Declined")}

# Ambassadors need a DBS check renewed at least every three years to go into schools.
DBS_VALID_YEARS = 3

# The toolkit accepts only these files: extension -> (MIME type, what the file must start with).
RESOURCE_FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

# Pupils younger than this are counted, never recorded by name.
SIGN_UP_MIN_AGE = 13
