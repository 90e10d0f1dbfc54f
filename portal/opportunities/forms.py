from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.common.validators import PostcodeValidator, not_in_future
from portal.opportunities.choices import (
    CHECK_RESULTS,
    CONTRACT_TYPES,
    DBS_LEVELS,
    KINDS,
    RIGHT_TO_WORK_ANSWERS,
)
from portal.pipeline.choices import ORGANISATION_KINDS, ROUTES
from portal.ui.forms import (
    CheckboxesField,
    ChoiceField,
    DateInputField,
    DecimalNumberField,
    EmailField,
    LongTextField,
    MultipleChoiceField,
    PhoneField,
    PortalForm,
    PostcodeField,
    RadioField,
    TextField,
    WholeNumberField,
    int_or_none,
    options,
)

YES_NO_BOOL = options([("yes", _l("Yes")), ("no", _l("No"))])


# ---------------------------------------------------------------- public


class FilterOpportunitiesForm(PortalForm):
    class Meta:
        csrf = False
        keep_rendering = True  # its lists and dates are kept in the cache (portal/ui/forms.py)

    kind = ChoiceField(_l("Type of opportunity"), validators=[Optional()], validate_choice=False)
    family = ChoiceField(_l("Career family"), validators=[Optional()], validate_choice=False)
    mode = ChoiceField(
        _l("In person or online"),
        choices=options([("", _l("Either")), ("in_person", _l("In person")), ("online", _l("Online"))]),
        validators=[Optional()],
    )
    route = ChoiceField(
        _l("Suits people who are"),
        choices=options([("", _l("Anyone"))] + list(ROUTES.items())),
        validators=[Optional()],
    )
    age = WholeNumberField(
        _l("Your age"), validators=[Optional(), NumberRange(5, 99, _l("Enter an age between 5 and 99"))]
    )
    closing_soon = CheckboxesField(
        _l("Closing date"), choices=options([("yes", _l("Closing in the next 2 weeks"))]), validators=[Optional()]
    )
    postcode = TextField(
        _l("Your postcode"),
        description=_l("To find opportunities near you, for example SO16 6YD."),
        validators=[
            Optional(),
            Length(max=10, message=_l("Enter a real UK postcode, like SO16 6YD")),
            PostcodeValidator(),
        ],
    )
    distance = ChoiceField(
        _l("Distance"),
        choices=options([(str(miles), _l("Within %(num)d miles", num=miles)) for miles in (1, 3, 5, 10, 25, 50)]),
        default="10",
        validators=[Optional()],
    )


class ApplyForm(PortalForm):
    first_name = TextField(_l("First name"), validators=[DataRequired(_l("Enter your first name")), Length(max=100)])
    last_name = TextField(_l("Last name"), validators=[DataRequired(_l("Enter your last name")), Length(max=100)])
    email = EmailField(
        _l("Email address"),
        description=_l("We will only use this to contact you about this opportunity."),
        validators=[Optional(), Email(_l("Enter an email address like name@example.com")), Length(max=254)],
    )
    phone = PhoneField(
        _l("Phone number"),
        description=_l("A UK or international number."),
        validators=[Optional(), Length(min=7, max=25, message=_l("Enter a phone number, like 07700 900 982"))],
    )
    date_of_birth = DateInputField(
        _l("Date of birth"), description=_l("For example, 27 3 2007"), validators=[not_in_future]
    )
    postcode = PostcodeField(_l("Postcode"), validators=[Optional(), PostcodeValidator()])
    route = RadioField(
        _l("Which of these sounds most like you?"),
        choices=options(ROUTES.items()),
        validators=[InputRequired(_l("Choose the one that sounds most like you"))],
    )
    right_to_work = RadioField(
        _l("Do you have the right to work in the UK?"),
        choices=options(RIGHT_TO_WORK_ANSWERS.items()),
        validators=[Optional()],
    )
    preferred_language = ChoiceField(
        _l("Which language do you prefer?"), validators=[Optional()], validate_choice=False
    )
    statement = LongTextField(
        _l("Why are you interested? (optional)"),
        description=_l("A few sentences are enough."),
        validators=[Optional(), Length(max=2000, message=_l("Write 2,000 characters or fewer"))],
    )
    consent = CheckboxesField(
        _l("Your consent"),
        choices=options([("yes", _l("I agree that the academy may keep my details to help me with this opportunity"))]),
        validators=[DataRequired(_l("Tick the box to agree, or we cannot take your application"))],
    )

    def __init__(self, *args, opportunity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.opportunity = opportunity

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.email.data and not self.phone.data and not self.email.errors:
            self.email.errors.append(_l("Enter an email address or a phone number so we can contact you"))
            valid = False
        return valid

    def validate_date_of_birth(self, field):
        if self.opportunity is not None and self.opportunity.min_age and field.data is None and not field.errors:
            raise ValidationError(_l("Enter your date of birth: this opportunity has a minimum age"))

    def validate_right_to_work(self, field):
        if self.opportunity is not None and self.opportunity.right_to_work_required and not field.data:
            raise ValidationError(_l("Say whether you have the right to work in the UK"))


class ApplicationFilterForm(PortalForm):
    class Meta:
        csrf = False
        keep_rendering = True  # its lists and dates are kept in the cache (portal/ui/forms.py)

    status = ChoiceField(_l("Status"), validators=[Optional()], validate_choice=False)
    submitted_from = TextField(_l("Sent on or after"), validators=[Optional()])
    submitted_to = TextField(_l("Sent on or before"), validators=[Optional()])


class OpportunityForm(PortalForm):
    title = TextField(_l("Title"), validators=[DataRequired(_l("Enter a title")), Length(max=200)])
    kind = ChoiceField(_l("Type"), choices=options(KINDS.items()), validators=[DataRequired(_l("Choose a type"))])
    organisation_id = ChoiceField(
        _l("Host organisation"), coerce=int_or_none, validators=[DataRequired(_l("Choose the host organisation"))]
    )
    summary = LongTextField(
        _l("Summary"),
        description=_l("One or two sentences for the list."),
        validators=[DataRequired(_l("Enter a summary")), Length(max=500)],
    )
    description = LongTextField(_l("Full description"), validators=[Optional(), Length(max=5000)])
    online = RadioField(
        _l("Is it online?"),
        choices=YES_NO_BOOL,
        default="no",
        validators=[DataRequired(_l("Say whether it is online"))],
    )
    location = TextField(
        _l("Where it happens"), description=_l("Site and town, or 'Online'."), validators=[Optional(), Length(max=200)]
    )
    postcode = TextField(
        _l("Postcode of where it happens"),
        description=_l("So people can find it near them. Leave empty for online opportunities."),
        validators=[
            Optional(),
            Length(max=10, message=_l("Enter a real UK postcode, like SO16 6YD")),
            PostcodeValidator(),
        ],
    )
    starts_on = DateInputField(_l("Start date"), validators=[Optional()])
    ends_on = DateInputField(_l("End date"), validators=[Optional()])
    closes_on = DateInputField(
        _l("Closing date for applications"), validators=[DataRequired(_l("Enter the closing date"))]
    )
    places = WholeNumberField(
        _l("Number of places"),
        validators=[
            InputRequired(_l("Enter the number of places")),
            NumberRange(0, 10000, _l("Places must be 0 or more")),
        ],
    )
    min_age = WholeNumberField(
        _l("Minimum age (optional)"), validators=[Optional(), NumberRange(5, 99, _l("Enter an age between 5 and 99"))]
    )
    right_to_work_required = RadioField(
        _l("Does it need the right to work in the UK?"), choices=YES_NO_BOOL, default="no", validators=[DataRequired()]
    )
    dbs_check = ChoiceField(_l("DBS check"), choices=options(DBS_LEVELS.items()), validators=[DataRequired()])
    routes = CheckboxesField(
        _l("Journey to Work routes it suits"), choices=options(ROUTES.items()), validators=[Optional()]
    )
    careers = MultipleChoiceField(
        _l("Related careers (optional)"),
        description=_l("Hold Ctrl (or Cmd) to choose more than one."),
        validators=[Optional()],
        validate_choice=False,
    )

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date must be the same as or after the start date"))

    def validate_closes_on(self, field):
        if field.data and self.starts_on.data and field.data > self.starts_on.data:
            raise ValidationError(_l("The closing date must be on or before the start date"))


class OrganisationForm(PortalForm):
    name = TextField(_l("Name"), validators=[DataRequired(_l("Enter the organisation's name")), Length(max=200)])
    kind = ChoiceField(_l("Kind of organisation"), validators=[DataRequired(_l("Choose the kind of organisation"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = options(ORGANISATION_KINDS.items())


class StatusForm(PortalForm):
    status = ChoiceField(_l("Move to"), validators=[DataRequired(_l("Choose a status"))], validate_choice=False)


class BulkStatusForm(PortalForm):
    application = CheckboxesField(
        _l("Applications"),
        coerce=int_or_none,
        validate_choice=False,
        validators=[DataRequired(_l("Select at least one application"))],
    )
    status = ChoiceField(
        _l("Move the selected applications to"), validators=[DataRequired(_l("Choose a status"))], validate_choice=False
    )


class NoteForm(PortalForm):
    text = LongTextField(_l("Add a note"), validators=[DataRequired(_l("Write the note")), Length(max=5000)])


class StartPlacementForm(PortalForm):
    organisation_id = ChoiceField(
        _l("Host organisation"), coerce=int_or_none, validators=[DataRequired(_l("Choose an organisation"))]
    )
    starts_on = DateInputField(_l("Start date"), validators=[DataRequired(_l("Enter the start date"))])
    ends_on = DateInputField(_l("Expected end date (optional)"), validators=[Optional()])
    expected_hours = WholeNumberField(
        _l("Expected hours (optional)"), validators=[Optional(), NumberRange(0, 5000, _l("Hours must be 0 or more"))]
    )

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date must be the same as or after the start date"))


class CompletePlacementForm(PortalForm):
    completed = RadioField(
        _l("Did they complete the placement?"),
        choices=YES_NO_BOOL,
        validators=[DataRequired(_l("Say whether they completed it"))],
    )
    hours_done = WholeNumberField(
        _l("Hours done"),
        validators=[InputRequired(_l("Enter the hours done")), NumberRange(0, 5000, _l("Hours must be 0 or more"))],
    )
    completed_on = DateInputField(
        _l("Date it ended"), validators=[DataRequired(_l("Enter the date it ended")), not_in_future]
    )


NEW_EMPLOYER = "new"


class EmploymentForm(PortalForm):
    # An employer from the list, or "new" with its name typed below (added when the job is saved).
    organisation_id = ChoiceField(
        _l("Employer"), validators=[DataRequired(_l("Choose the employer, or add a new one"))], validate_choice=False
    )
    new_employer_name = TextField(
        _l("Name of the new employer"),
        description=_l('Only if you chose "Add a new employer" above.'),
        # No Optional(): it would stop the check that the name is given with "Add a new employer".
        validators=[Length(max=200)],
    )
    new_employer_kind = ChoiceField(
        _l("Kind of organisation"),
        choices=options([("", _l("Choose the kind"))] + list(ORGANISATION_KINDS.items())),
        validators=[],
        validate_choice=False,
    )
    job_title = TextField(_l("Job title"), validators=[DataRequired(_l("Enter the job title")), Length(max=200)])
    career_id = ChoiceField(_l("Role in the careers list (optional)"), validators=[Optional()], validate_choice=False)
    band = ChoiceField(_l("Agenda for Change band (optional)"), validators=[Optional()])
    contract_type = RadioField(
        _l("Contract"),
        choices=options(CONTRACT_TYPES.items()),
        validators=[DataRequired(_l("Choose the kind of contract"))],
    )
    hours_per_week = DecimalNumberField(
        _l("Hours a week (optional)"),
        description=_l("For example 37.5"),
        validators=[Optional(), NumberRange(1, 80, _l("Enter hours between 1 and 80"))],
    )
    started_on = DateInputField(_l("Start date"), validators=[DataRequired(_l("Enter the start date")), not_in_future])

    def validate_organisation_id(self, field):
        value = field.data or ""
        if value == NEW_EMPLOYER:
            return
        if not value.isdigit() or int_or_none(value) is None:
            raise ValidationError(_l("Choose the employer, or add a new one"))

    def validate_new_employer_name(self, field):
        if self.organisation_id.data != NEW_EMPLOYER:
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("Enter the new employer's name"))

    def validate_new_employer_kind(self, field):
        if self.organisation_id.data == NEW_EMPLOYER and field.data not in ORGANISATION_KINDS:
            raise ValidationError(_l("Choose the kind of organisation"))


class CheckForm(PortalForm):
    result = RadioField(
        _l("Result of the check"),
        choices=options(CHECK_RESULTS.items()),
        validators=[DataRequired(_l("Choose the result"))],
    )
    contacted_on = DateInputField(
        _l("Date of contact"),
        description=_l("When you spoke to them, or last tried to. Left empty, it is today."),
        validators=[Optional(), not_in_future],
    )
    notes = LongTextField(_l("Notes (optional)"), validators=[Optional(), Length(max=2000)])
