"""Which pipeline stage each kind of opportunity writes at each step: the one table the areas that
record a person's way into work read (docs/reports.md prints the same table).

An offer is the ``offered`` stage ("offered a job") only for a job or an apprenticeship; an offer
of a place on volunteering, work experience or a course writes nothing until the person starts.
An adviser brokering work experience or volunteering has advised the person; they reach
``experience`` when the placement starts. The kinds are plain strings, so the ledger imports no area.
"""

# The steps: applying; being offered a place; starting it; an adviser brokering one.
STEPS = ("applied", "offered", "started", "brokered")

STAGE_AT_STEP: dict[str, dict[str, str | None]] = {
    "job": {"applied": "applied", "offered": "offered", "started": "employed", "brokered": "advised"},
    "apprenticeship": {"applied": "applied", "offered": "offered", "started": "in_training", "brokered": "advised"},
    "pre_employment": {"applied": "applied", "offered": None, "started": "in_training", "brokered": "advised"},
    "work_experience": {"applied": "applied", "offered": None, "started": "experience", "brokered": "advised"},
    "virtual_work_experience": {"applied": "applied", "offered": None, "started": "experience", "brokered": "advised"},
    "volunteering": {"applied": "applied", "offered": None, "started": "experience", "brokered": "advised"},
    "observership": {"applied": "applied", "offered": None, "started": "experience", "brokered": "advised"},
    "information_session": {"applied": "applied", "offered": None, "started": "advised", "brokered": "advised"},
}

# The kinds whose offer is an offer of work.
JOB_KINDS = tuple(kind for kind, steps in STAGE_AT_STEP.items() if steps["offered"] == "offered")


def stage_at(kind: str, step: str) -> str | None:
    """The stage written when a person takes ``step`` on an opportunity of ``kind``; None for none."""
    return STAGE_AT_STEP[kind][step]
