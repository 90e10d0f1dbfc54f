from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.common.validators import not_in_future
from portal.outreach.choices import (
    BARRIERS,
    CLOSURE_REASONS,
    INTERVENTION_TYPES,
    MODES,
    REFERRAL_CLOSE_REASONS,
    RIGHT_TO_WORK_STATUSES,
)
from portal.pipeline.choices import ROUTES
from portal.ui.forms import (
    CheckboxesField,
    ChoiceField,
    DateInputField,
    LongTextField,
    PhoneField,
    PortalForm,
    RadioField,
    TextField,
    WholeNumberField,
    int_or_none,
    options,
)


class OpenCaseForm(PortalForm):
    adviser_id = ChoiceField(_l("Adviser"), coerce=int_or_none, validators=[DataRequired(_l("Choose the adviser"))])
    restricted = CheckboxesField(
        _l("Restricted case"),
        description=_l("Only the adviser and managers will be able to open it."),
        choices=options([("yes", _l("Restrict this case"))]),
        validators=[Optional()],
    )


class CloseReferralForm(PortalForm):
    reason = RadioField(
        _l("Why close it without a case?"),
        choices=options(REFERRAL_CLOSE_REASONS.items()),
        validators=[DataRequired(_l("Choose why the referral is closing"))],
    )


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


class QualificationForm(PortalForm):
    qualification = TextField(
        _l("Qualification"), validators=[DataRequired(_l("Enter the qualification")), Length(max=200)]
    )
    country = TextField(_l("Country"), validators=[DataRequired(_l("Enter the country")), Length(max=100)])
    enic_requested_on = DateInputField(
        _l("UK ENIC statement requested on (optional)"), validators=[Optional(), not_in_future]
    )
    enic_received_on = DateInputField(
        _l("UK ENIC statement received on (optional)"), validators=[Optional(), not_in_future]
    )
    outcome = TextField(
        _l("Outcome (optional)"),
        description=_l("For example: comparable to a UK bachelor's degree."),
        validators=[Optional(), Length(max=300)],
    )

    def validate_enic_received_on(self, field):
        if field.data and not self.enic_requested_on.data:
            raise ValidationError(_l("Enter when the statement was requested"))
        if field.data and self.enic_requested_on.data and field.data < self.enic_requested_on.data:
            raise ValidationError(_l("The statement cannot arrive before it was requested"))


class PartnerReferralForm(PortalForm):
    partner_id = ChoiceField(
        _l("Referred by"), coerce=int_or_none, validators=[DataRequired(_l("Choose the partner organisation"))]
    )
    referred_on = DateInputField(
        _l("Referral date"), validators=[DataRequired(_l("Enter the referral date")), not_in_future]
    )
    first_name = TextField(_l("First name"), validators=[DataRequired(_l("Enter their first name")), Length(max=100)])
    last_name = TextField(_l("Last name"), validators=[DataRequired(_l("Enter their last name")), Length(max=100)])
    email = TextField(_l("Email address (optional)"), validators=[Optional(), Length(max=254)])
    phone = PhoneField(_l("Phone number (optional)"), validators=[Optional(), Length(max=25)])
    route = RadioField(
        _l("Route"), choices=options(ROUTES.items()), validators=[DataRequired(_l("Choose their route"))]
    )
    reason = LongTextField(
        _l("Reason for the referral"),
        validators=[DataRequired(_l("Enter the reason for the referral")), Length(max=2000)],
    )
    consent = CheckboxesField(
        _l("Consent"),
        choices=options([("yes", _l("The person agreed that the academy may keep their details"))]),
        validators=[DataRequired(_l("Confirm that the person agreed, or do not enter their details"))],
    )


class GroupSessionForm(PortalForm):
    title = TextField(_l("Title"), validators=[DataRequired(_l("Enter a title")), Length(max=200)])
    type = ChoiceField(
        _l("Type"),
        choices=options(
            [
                ("group_information_session", _l("Group information session")),
                ("careers_advice", _l("Careers advice and guidance")),
                ("interview_preparation", _l("Interview preparation")),
            ]
        ),
        validators=[DataRequired(_l("Choose the type of intervention"))],
    )
    held_on = DateInputField(_l("Date"), validators=[DataRequired(_l("Enter the date")), not_in_future])
    minutes = WholeNumberField(
        _l("Minutes"),
        validators=[InputRequired(_l("Enter the minutes")), NumberRange(1, 600, _l("Enter minutes between 1 and 600"))],
    )
    mode = RadioField(
        _l("How"), choices=options(MODES.items()), validators=[DataRequired(_l("Choose how it happened"))]
    )
    attendees = CheckboxesField(
        _l("Who came"),
        coerce=int_or_none,
        validate_choice=False,
        validators=[DataRequired(_l("Choose at least one person who came"))],
    )
    notes = LongTextField(_l("Notes (optional)"), validators=[Optional(), Length(max=5000)])


class ReassignForm(PortalForm):
    from_adviser = ChoiceField(
        _l("Move the open cases of"),
        coerce=int_or_none,
        validators=[DataRequired(_l("Choose the adviser who is leaving"))],
    )
    to_adviser = ChoiceField(
        _l("To"), coerce=int_or_none, validators=[DataRequired(_l("Choose the adviser taking the cases"))]
    )

    def validate_to_adviser(self, field):
        if field.data and field.data == self.from_adviser.data:
            raise ValidationError(_l("Choose a different adviser to take the cases"))
