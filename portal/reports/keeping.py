"""Report figures kept in the one cache until the data behind them changes.

The ledger reports (the pipeline overview, widening participation, the board pack's headlines and
trends, outreach, opportunities and outcomes) read the whole ledger: seconds at 100,000 people,
and the same for every member of staff who asks. Their figures are kept under a key that holds
the state of the data (``data_stamp``), so any change gives a new key in every process at once
and the next request works the figures out afresh; old keys expire after an hour. Who sees exact
numbers is decided after, per request, so the kept figures are the same for every viewer.

The stamp is one cheap statement: the newest entry of the audit log that records a change (every
change the portal makes is audited; reading a page, searching and exporting are not changes, so
looking at a report does not throw its figures away), and the newest row of each table the
reports count (which also catches rows written without the web, such as by ``flask seed`` or a
migration's corrections).
"""

from collections.abc import Callable
from typing import Any

from flask_babel import get_locale
from sqlalchemy import func, select

from portal import caching
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.opportunities.models import Application, EmploymentOutcome
from portal.outreach.models import Case, Intervention, Referral
from portal.people.models import PersonMerge
from portal.pipeline.models import Person, PipelineCorrection, PipelineEvent

KEEP_SECONDS = 3600
# Audit actions that record a look, not a change (the commonest entries by far).
READ_ACTIONS = ("view", "search", "export", "refused", "sign_in", "sign_in_failed", "sign_out", "subject_access")
COUNTED_TABLES = (PipelineEvent, PipelineCorrection, Person, PersonMerge, Case, Referral, Intervention,
                  Application, EmploymentOutcome)  # fmt: skip


def data_stamp() -> tuple:
    newest_change = (
        select(AuditEvent.id)
        .where(AuditEvent.action.not_in(READ_ACTIONS))
        .order_by(AuditEvent.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    newest_rows = [select(func.max(model.id)).scalar_subquery() for model in COUNTED_TABLES]
    return tuple(db.session.execute(select(newest_change, *newest_rows)).one())


def kept_figures(name: str, parts: tuple, build: Callable[[], Any]) -> Any:
    """``build()``'s figures for this report and these parts (its period and filters), kept until
    the data changes. Labels inside may be in the reader's language, so the language is in the key."""
    key = f"report:{name}:{get_locale()}:{parts!r}:{data_stamp()!r}"
    return caching.kept_or_built(key, build, KEEP_SECONDS)
