from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.forms import (
    CheckboxesField,
    ChoiceField,
    DateInputField,
    LongTextField,
    PortalForm,
    RadioField,
    TextField,
    WholeNumberField,
    int_or_none,
    options,
)
from portal.opportunities.forms import not_in_future
from portal.outreach.choices import BARRIERS, CLOSURE_REASONS, INTERVENTION_TYPES, MODES, RIGHT_TO_WORK_STATUSES


class OpenCaseForm(PortalForm):
    adviser_id = ChoiceField(_l("Adviser"), coerce=int_or_none, validators=[DataRequired(_l("Choose the adviser"))])
    restricted = CheckboxesField(
        _l("Restricted case"),
        description=_l("Only the adviser and managers will be able to open it."),
        choices=options([("yes", _l("Restrict this case"))]),
        validators=[Optional()],
    )


class CloseReferralForm(PortalForm):
    pass


class CaseDetailsForm(PortalForm):
    barriers = CheckboxesField(_l("Barriers"), choices=options(BARRIERS.items()), validators=[Optional()])
    goals = LongTextField(_l("Goals"), validators=[Optional(), Length(max=2000)])
    right_to_work_status = ChoiceField(
        _l("Right-to-work status"),
        choices=options([("", _l("Not recorded"))] + list(RIGHT_TO_WORK_STATUSES.items())),
        validators=[Optional()],
    )
    right_to_work_checked_on = DateInputField(_l("Date documents were checked"), validators=[Optional(), not_in_future])


class InterventionForm(PortalForm):
    type = ChoiceField(
        _l("Type"),
        choices=options([("", _l("Choose a type"))] + list(INTERVENTION_TYPES.items())),
        validators=[DataRequired(_l("Choose the type of intervention"))],
    )
    occurred_on = DateInputField(_l("Date"), validators=[DataRequired(_l("Enter the date")), not_in_future])
    minutes = WholeNumberField(
        _l("Minutes"),
        validators=[InputRequired(_l("Enter the minutes")), NumberRange(1, 600, _l("Enter minutes between 1 and 600"))],
    )
    mode = RadioField(
        _l("How"), choices=options(MODES.items()), validators=[DataRequired(_l("Choose how it happened"))]
    )
    notes = LongTextField(_l("Notes"), validators=[Optional(), Length(max=5000)])


class ActionForm(PortalForm):
    what = TextField(_l("What needs doing"), validators=[DataRequired(_l("Enter what needs doing")), Length(max=300)])
    who = TextField(_l("Who will do it"), validators=[DataRequired(_l("Enter who will do it")), Length(max=100)])
    due_on = DateInputField(_l("Due date"), validators=[DataRequired(_l("Enter the due date"))])


class CloseCaseForm(PortalForm):
    reason = RadioField(
        _l("Why is the case closing?"),
        choices=options(CLOSURE_REASONS.items()),
        validators=[DataRequired(_l("Choose why the case is closing"))],
    )
