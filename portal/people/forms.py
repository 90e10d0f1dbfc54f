"""The person's own equality answers, and staff saying who a held intake is."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from portal.pipeline.choices import ETHNIC_CATEGORIES, SEX, YES_NO
from portal.ui.forms import CheckboxesField, ChoiceField, PortalForm, RadioField, TextField, options


def _with_prefer_not(choices: dict):
    return options(list(choices.items()))


class EqualityForm(PortalForm):
    """Optional. Each question says why it is asked; every one can be left or declined."""

    sex = RadioField(
        _l("What is your sex?"),
        description=_l("We ask so we can check our work reaches men and women equally."),
        choices=_with_prefer_not(SEX),
        validators=[Optional()],
    )
    ethnic_category = ChoiceField(
        _l("What is your ethnic group?"),
        description=_l("We ask so we can see whether people from every background are reaching health and care jobs."),
        choices=options(
            [("", _l("Choose an answer"))]
            + [(code, label) for code, (_group, label) in ETHNIC_CATEGORIES.items() if code != "99"]
        ),
        validators=[Optional()],
    )
    disability = RadioField(
        _l("Do you consider yourself to have a disability or long-term health condition?"),
        description=_l("We ask so we can make sure disabled people get the support they need."),
        choices=_with_prefer_not(YES_NO),
        validators=[Optional()],
    )
    care_experienced = RadioField(
        _l("Have you ever been in care (looked after by a local authority)?"),
        description=_l("Care leavers can get extra support, and we check that they are reached."),
        choices=_with_prefer_not(YES_NO),
        validators=[Optional()],
    )
    free_school_meals = RadioField(
        _l("Did you get free school meals at school?"),
        description=_l("This helps us see whether we reach people from households on low incomes."),
        choices=_with_prefer_not(YES_NO),
        validators=[Optional()],
    )
    young_carer = RadioField(
        _l("Do you look after a family member who is ill or disabled?"),
        description=_l("Young carers can need flexible arrangements; we check they are reached."),
        choices=_with_prefer_not(YES_NO),
        validators=[Optional()],
    )
    first_in_family_he = RadioField(
        _l("Would you be the first in your family to go to university?"),
        description=_l("We ask so we can see whether we reach people whose families have not been to university."),
        choices=_with_prefer_not(YES_NO),
        validators=[Optional()],
    )
    refugee_background = RadioField(
        _l("Have you come to the UK as a refugee or asylum seeker?"),
        description=_l("Refugees can get extra help from an adviser; we check our support reaches them."),
        choices=_with_prefer_not(YES_NO),
        validators=[Optional()],
    )


# ---------------------------------------------------------------- staff


FIELD_LABELS = {
    "first_name": _l("First name"),
    "last_name": _l("Last name"),
    "date_of_birth": _l("Date of birth"),
    "email": _l("Email"),
    "phone": _l("Phone"),
    "postcode": _l("Postcode"),
    "preferred_language": _l("Preferred language"),
    "route": _l("Route"),
    "contact_by": _l("How they want to hear from us"),
}


class LinkIntakeForm(PortalForm):
    person_ref = HiddenField(validators=[InputRequired()])
    fields = CheckboxesField(
        _l("Which of what they typed should replace what is on record?"),
        description=_l("Leave a box empty to keep the record as it is."),
        choices=[],
        validate_choice=False,
    )
    equality_fields = CheckboxesField(
        _l("Which of their equality answers should be added to the record?"),
        choices=[],
        validate_choice=False,
    )


class NewPersonForm(PortalForm):
    """Nothing to fill in: a button that says nobody on record is this person."""


class EraseForm(PortalForm):
    confirm = TextField(
        _l("Type the person reference to confirm"),
        validators=[DataRequired(_l("Type the person reference to confirm")), Length(max=40)],
    )

    def __init__(self, *args, expected: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected

    def validate_confirm(self, field):
        if field.data.strip().upper() != self.expected.upper():
            raise ValidationError(_l("The reference you typed does not match this person"))


class WithdrawConsentForm(PortalForm):
    """Staff record that the person told them they withdraw their consent."""

    note = TextField(
        _l("Anything to note (optional)"),
        description=_l("For example how and when they told you. Do not write why, unless they want it kept."),
        validators=[Optional(), Length(max=300, message=_l("Write 300 characters or fewer"))],
    )
    confirm = CheckboxesField(
        _l("Confirm"),
        choices=options([("yes", _l("They told me they no longer want the academy to contact them"))]),
        validators=[DataRequired(_l("Tick the box to confirm they asked for this"))],
    )


# ---------------------------------------------------------------- duplicates


class DismissPairForm(PortalForm):
    """Nothing to fill in: a button that says the two records are two people."""


class UnmergeForm(PortalForm):
    """Nothing to fill in: a button that undoes a merge."""


def merge_form(keep_choices, fields, equality_fields, formdata=None) -> PortalForm:
    """Which record to keep, then one pair of radios for each field the records differ in:
    ``fields`` and ``equality_fields`` are ``[(name, label, [(side, shown value), ...], default)]``."""

    class MergeForm(PortalForm):
        keep = RadioField(
            _l("Which reference should the person keep?"),
            description=_l("The other record is merged into it; its old reference leads here."),
            choices=options(keep_choices),
            validators=[InputRequired(_l("Choose which reference to keep"))],
        )

    defaults = {"keep": keep_choices[0][0]}
    for prefix, rows in (("field_", fields), ("equality_", equality_fields)):
        for name, label, choices, default in rows:
            setattr(
                MergeForm,
                prefix + name,
                RadioField(
                    label, choices=options(choices), validators=[InputRequired(_l("Choose which answer to keep"))]
                ),
            )
            defaults[prefix + name] = default
    return MergeForm(formdata=formdata, data=None if formdata is not None else defaults)
