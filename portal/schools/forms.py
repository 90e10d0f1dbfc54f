import re
from datetime import date
from decimal import Decimal, InvalidOperation

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.common.validators import PostcodeValidator, not_in_future
from portal.schools.choices import (
    ACTIVITIES,
    FORMATS,
    GATSBY_BENCHMARKS,
    KEY_STAGES,
    PHASES,
    REQUEST_STATUSES,
    YEAR_GROUPS,
    year_label,
)
from portal.ui.forms import (
    CheckboxesField,
    ChoiceField,
    DateInputField,
    EmailField,
    LongTextField,
    MultipleChoiceField,
    PhoneField,
    PortalForm,
    PostcodeField,
    RadioField,
    TextField,
    UploadField,
    WholeNumberField,
    int_or_none,
    options,
)

URN = re.compile(r"^[0-9]{6}$")


def urn_validator(form, field):
    if field.data and not URN.match(field.data.strip()):
        raise ValidationError(_l("Enter the 6-digit URN, like 123456"))


class DecimalInputField(TextField):
    """A number that may have one decimal place, like 1.5 hours or a score of 4.2."""

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not self.raw:
            return
        try:
            self.data = Decimal(self.raw).quantize(Decimal("0.1"))
        except InvalidOperation as exc:
            raise ValueError(_l("%(label)s must be a number, like 1.5", label=self.label.text)) from exc

    def _value(self):
        return getattr(self, "raw", None) or ("" if self.data is None else str(self.data))


def year_group_choices():
    return options((year, year_label(year)) for year in YEAR_GROUPS)


def yes_box(label):
    return options([("yes", label)])


class SchoolForm(PortalForm):
    urn = TextField(
        _l("URN"),
        description=_l("The school's 6-digit unique reference number from Get Information about Schools."),
        validators=[DataRequired(_l("Enter the URN")), urn_validator],
    )
    name = TextField(_l("School name"), validators=[DataRequired(_l("Enter the school name")), Length(max=200)])
    phase = RadioField(_l("Phase"), choices=options(PHASES.items()), validators=[DataRequired(_l("Choose the phase"))])
    local_authority = TextField(_l("Local authority (optional)"), validators=[Optional(), Length(max=100)])
    postcode = PostcodeField(_l("Postcode (optional)"), validators=[Optional(), PostcodeValidator()])
    pilot = CheckboxesField(_l("Pilot school"), choices=yes_box(_l("This is a pilot school")), validators=[Optional()])
    contact_name = TextField(_l("Contact name (optional)"), validators=[Optional(), Length(max=200)])
    contact_email = EmailField(
        _l("Contact email (optional)"),
        validators=[Optional(), Email(_l("Enter an email address like name@example.com")), Length(max=254)],
    )
    contact_phone = PhoneField(_l("Contact phone (optional)"), validators=[Optional(), Length(max=40)])


class SchoolFilterForm(PortalForm):
    class Meta:
        csrf = False
        keep_rendering = True  # its lists and dates are kept in the cache (portal/ui/forms.py)

    q = TextField(_l("Name, URN or postcode"), validators=[Optional(), Length(max=100)])
    phase = ChoiceField(_l("Phase"), validators=[Optional()], validate_choice=False)
    local_authority = ChoiceField(_l("Local authority"), validators=[Optional()], validate_choice=False)
    pilot = CheckboxesField(_l("Pilot schools"), choices=yes_box(_l("Only pilot schools")), validators=[Optional()])


class AmbassadorForm(PortalForm):
    name = TextField(_l("Name"), validators=[DataRequired(_l("Enter their name")), Length(max=200)])
    email = EmailField(
        _l("Email address (optional)"),
        validators=[Optional(), Email(_l("Enter an email address like name@example.com")), Length(max=254)],
    )
    phone = PhoneField(_l("Phone number (optional)"), validators=[Optional(), Length(max=40)])
    career_id = ChoiceField(
        _l("Profession"),
        description=_l("Their role in the careers catalogue."),
        coerce=int_or_none,
        validators=[DataRequired(_l("Choose their profession"))],
    )
    employer_id = ChoiceField(_l("Employer (optional)"), coerce=int_or_none, validators=[Optional()])
    dbs_checked_on = DateInputField(
        _l("Date of their DBS check (optional)"),
        description=_l("Checks older than three years need renewing before they go into a school."),
        validators=[Optional(), not_in_future],
    )
    formats = CheckboxesField(
        _l("Can take part"),
        choices=options([("in_person", _l("In person")), ("virtual", _l("Virtually"))]),
        validators=[Optional()],
    )
    availability = TextField(
        _l("Availability (optional)"),
        description=_l("For example: Tuesday and Thursday afternoons, not in August."),
        validators=[Optional(), Length(max=300)],
    )
    active = CheckboxesField(
        _l("Active"), choices=yes_box(_l("Can be invited to sessions now")), validators=[Optional()]
    )


class SessionForm(PortalForm):
    school_id = ChoiceField(_l("School"), coerce=int_or_none, validators=[DataRequired(_l("Choose the school"))])
    held_on = DateInputField(_l("Date"), validators=[DataRequired(_l("Enter the date of the session")), not_in_future])
    activity = ChoiceField(
        _l("Activity"),
        choices=options([("", _l("Choose an activity"))] + list(ACTIVITIES.items())),
        validators=[DataRequired(_l("Choose the activity"))],
        invalid_choice_message=_l("Choose the activity"),
    )
    format = RadioField(
        _l("Format"), choices=options(FORMATS.items()), validators=[DataRequired(_l("Choose the format"))]
    )
    year_groups = CheckboxesField(
        _l("Year groups"),
        choices=year_group_choices,
        validators=[DataRequired(_l("Choose at least one year group"))],
        invalid_choice_message=_l("Choose year groups from Reception to Year 13"),
    )
    pupils_reached = WholeNumberField(
        _l("Pupils reached"),
        validators=[
            InputRequired(_l("Enter how many pupils took part")),
            NumberRange(0, 5000, _l("Enter a number of pupils between 0 and 5,000")),
        ],
    )
    ambassadors = CheckboxesField(
        _l("Ambassadors present (optional)"),
        description=_l("Tick each ambassador who took part, then enter the hours they gave."),
        coerce=int,
        validators=[Optional()],
    )
    confirm_dbs = CheckboxesField(
        _l("DBS checks"),
        choices=yes_box(_l("I have checked: these ambassadors may take part although their DBS check is not current")),
        validators=[Optional()],
    )
    careers = CheckboxesField(
        _l("Careers featured (optional)"),
        description=_l("Tick each career the session featured."),
        coerce=int,
        validators=[Optional()],
    )
    gatsby = CheckboxesField(
        _l("Gatsby benchmarks met (optional)"), choices=options(GATSBY_BENCHMARKS.items()), coerce=int,
        validators=[Optional()], invalid_choice_message=_l("Gatsby benchmarks are numbered 1 to 8"),
    )  # fmt: skip
    curriculum_subject = TextField(_l("Curriculum subject (optional)"), validators=[Optional(), Length(max=100)])
    feedback_score = DecimalInputField(
        _l("Average feedback score (optional)"),
        description=_l("From 1 (poor) to 5 (excellent), like 4.2"),
        validators=[Optional(), NumberRange(1, 5, _l("Enter a feedback score from 1 to 5"))],
    )
    notes = LongTextField(_l("Notes (optional)"), validators=[Optional(), Length(max=5000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Hours per ambassador, as typed: one box each (hours-<id>), revealed under its checkbox.
        self.hours_typed = {
            key.removeprefix("hours-"): value.strip()
            for key, value in (request.form.items() if request.method == "POST" else [])
            if key.startswith("hours-")
        }
        self.ambassador_hours: dict[int, Decimal] = {}
        self.hour_errors: dict[int, str] = {}
        self.ambassador_names: dict[int, str] = {}  # set with the choices, for the messages

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for ambassador_id in self.ambassadors.data or []:
            name = self.ambassador_names.get(ambassador_id, "")
            raw = self.hours_typed.get(str(ambassador_id), "")
            try:
                hours = Decimal(raw).quantize(Decimal("0.1")) if raw else None
            except InvalidOperation:
                hours = None
                self.hour_errors[ambassador_id] = _l("Hours for %(name)s must be a number, like 1.5", name=name)
            else:
                if hours is None:
                    self.hour_errors[ambassador_id] = _l("Enter the hours %(name)s gave, like 1.5", name=name)
                elif not 0 <= hours <= 24:
                    self.hour_errors[ambassador_id] = _l("Enter hours for %(name)s between 0 and 24", name=name)
                else:
                    self.ambassador_hours[ambassador_id] = hours
        if self.hour_errors:
            self.ambassadors.errors.append(_l("Enter the hours each ambassador you ticked gave"))
            valid = False
        return valid

    def error_list(self) -> list[dict]:
        errors = []
        for entry in super().error_list():
            if entry["href"] == f"#{self.ambassadors.id}" and self.hour_errors:
                errors += [{"text": text, "href": f"#hours-{key}"} for key, text in self.hour_errors.items()]
            else:
                errors.append(entry)
        return errors


class SignUpForm(PortalForm):
    filled_in_by = RadioField(
        _l("Who is filling this in?"),
        choices=options([("pupil", _l("I am the pupil")), ("parent", _l("I am their parent or carer"))]),
        validators=[DataRequired(_l("Choose who is filling this in"))],
    )
    first_name = TextField(
        _l("Pupil's first name"), validators=[DataRequired(_l("Enter the pupil's first name")), Length(max=100)]
    )
    last_name = TextField(
        _l("Pupil's last name"), validators=[DataRequired(_l("Enter the pupil's last name")), Length(max=100)]
    )
    date_of_birth = DateInputField(
        _l("Pupil's date of birth"),
        description=_l("For example, 27 3 2010"),
        validators=[DataRequired(_l("Enter the pupil's date of birth")), not_in_future],
    )
    email = EmailField(
        _l("Email address"),
        validators=[Optional(), Email(_l("Enter an email address like name@example.com")), Length(max=254)],
    )
    phone = PhoneField(
        _l("Phone number"),
        validators=[Optional(), Length(min=7, max=25, message=_l("Enter a phone number, like 07700 900 982"))],
    )
    postcode = TextField(_l("Postcode (optional)"), validators=[Optional(), PostcodeValidator()])
    consent = CheckboxesField(
        _l("Consent"),
        choices=yes_box(_l("I agree that the academy may keep these details to send careers news and opportunities")),
        validators=[DataRequired(_l("Tick the box to agree, or we cannot keep your details"))],
    )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.email.data and not self.phone.data and not self.email.errors:
            self.email.errors.append(_l("Enter an email address or a phone number so we can contact you"))
            valid = False
        return valid


class RequestSessionForm(PortalForm):
    school_name = TextField(
        _l("School or college name"), validators=[DataRequired(_l("Enter the school name")), Length(max=200)]
    )
    urn = TextField(_l("URN (optional)"), description=_l("The 6-digit unique reference number."),
                    validators=[Optional(), urn_validator])  # fmt: skip
    contact_name = TextField(_l("Your name"), validators=[DataRequired(_l("Enter your name")), Length(max=200)])
    contact_email = EmailField(
        _l("Your email address"),
        validators=[
            DataRequired(_l("Enter your email address")),
            Email(_l("Enter an email address like name@example.com")),
            Length(max=254),
        ],
    )
    contact_phone = TextField(_l("Phone number (optional)"), validators=[Optional(), Length(max=40)])
    activity = ChoiceField(
        _l("What kind of session?"),
        choices=options([("", _l("Choose an activity"))] + list(ACTIVITIES.items())),
        validators=[DataRequired(_l("Choose the kind of session"))],
    )
    family_id = ChoiceField(_l("Which area of health and care? (optional)"), coerce=int_or_none,
                            validators=[Optional()])  # fmt: skip
    topic = TextField(_l("Anything in particular? (optional)"), description=_l("For example: a paramedic, or working in mental health."),
                      validators=[Optional(), Length(max=300)])  # fmt: skip
    year_groups = CheckboxesField(
        _l("Year groups"),
        choices=year_group_choices,
        validators=[DataRequired(_l("Choose at least one year group"))],
        invalid_choice_message=_l("Choose year groups from Reception to Year 13"),
    )
    preferred_date = DateInputField(_l("Preferred date"), validators=[DataRequired(_l("Enter the preferred date"))])
    format = RadioField(
        _l("In person or virtual?"),
        choices=options(FORMATS.items()),
        validators=[DataRequired(_l("Choose the format"))],
    )
    pupils_expected = WholeNumberField(
        _l("About how many pupils? (optional)"),
        validators=[Optional(), NumberRange(0, 5000, _l("Enter a number of pupils between 0 and 5,000"))],
    )
    notes = LongTextField(_l("Anything else we should know? (optional)"), validators=[Optional(), Length(max=2000)])

    def validate_preferred_date(self, field):
        if field.data and field.data < date.today():
            raise ValidationError(_l("The preferred date must be today or in the future"))


class InviteForm(PortalForm):
    ambassadors = CheckboxesField(
        _l("Invite"), coerce=int, validate_choice=False, validators=[DataRequired(_l("Choose at least one ambassador"))]
    )


class RequestStatusForm(PortalForm):
    status = RadioField(
        _l("Status"), choices=options(REQUEST_STATUSES.items()), validators=[DataRequired(_l("Choose a status"))]
    )


class ResourceForm(PortalForm):
    title = TextField(_l("Title"), validators=[DataRequired(_l("Enter a title")), Length(max=200)])
    summary = LongTextField(_l("Summary (optional)"), validators=[Optional(), Length(max=2000)])
    key_stages = CheckboxesField(
        _l("Key stages"),
        choices=options(KEY_STAGES.items()),
        validators=[DataRequired(_l("Choose at least one key stage"))],
    )
    subject = TextField(_l("Curriculum subject (optional)"), validators=[Optional(), Length(max=100)])
    careers = MultipleChoiceField(
        _l("Careers (optional)"), description=_l("Hold Ctrl (or Cmd) to choose more than one."), coerce=int,
        validators=[Optional()],
    )  # fmt: skip
    url = TextField(
        _l("Link (optional)"),
        description=_l("A web address starting https://"),
        validators=[Optional(), Length(max=500)],
    )
    file = UploadField(_l("Or upload a file"), description=_l("PDF, DOCX or PPTX, up to 10 MB."))

    def validate_url(self, field):
        if field.data and not re.match(r"^https?://[^\s/]+\.[^\s]+$", field.data.strip()):
            raise ValidationError(_l("Enter a web address starting https://"))


class ResourceFilterForm(PortalForm):
    class Meta:
        csrf = False
        keep_rendering = True  # its lists and dates are kept in the cache (portal/ui/forms.py)

    key_stage = ChoiceField(
        _l("Key stage"),
        choices=options([("", _l("All key stages"))] + list(KEY_STAGES.items())),
        validators=[Optional()],
    )
    career = ChoiceField(_l("Career"), coerce=int_or_none, validators=[Optional()], validate_choice=False)


class ImportForm(PortalForm):
    file = UploadField(_l("Sessions file (CSV)"), description=_l("UTF-8 CSV, with the columns described below."))
