from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from portal.common.validators import PostcodeValidator, not_in_future
from portal.journey.choices import AVAILABILITY, ENGLISH, ENIC, QUALIFICATIONS, RIGHT_TO_WORK, SITUATIONS
from portal.outreach.choices import NEEDS
from portal.pipeline.choices import ROUTES
from portal.ui.forms import (
    CheckboxesField,
    ChoiceField,
    DateInputField,
    EmailField,
    LongTextField,
    PhoneField,
    PortalForm,
    PostcodeField,
    RadioField,
    TextField,
    WholeNumberField,
    options,
)


class SituationForm(PortalForm):
    answer = RadioField(
        _l("What are you doing at the moment?"),
        choices=options(SITUATIONS.items()),
        validators=[InputRequired(_l("Choose what you are doing at the moment"))],
    )


class AgeForm(PortalForm):
    answer = WholeNumberField(
        _l("How old are you?"),
        description=_l("We use this to show what you can do now. For example, 16."),
        validators=[
            InputRequired(_l("Enter your age, for example 16")),
            NumberRange(10, 99, _l("Enter an age between 10 and 99")),
        ],
    )


class RightToWorkForm(PortalForm):
    answer = RadioField(
        _l("Do you have the right to work in the UK?"),
        description=_l(
            "People with refugee status or humanitarian protection, and people on the Ukraine schemes, usually can. People waiting for an asylum decision usually cannot, but can volunteer."
        ),
        choices=options(RIGHT_TO_WORK.items()),
        validators=[InputRequired(_l("Choose whether you have the right to work in the UK"))],
    )


class EnglishForm(PortalForm):
    answer = RadioField(
        _l("How good is your English?"),
        choices=options(ENGLISH.items()),
        validators=[InputRequired(_l("Choose how good your English is"))],
    )


class QualificationsForm(PortalForm):
    answer = RadioField(
        _l("What is your highest qualification?"),
        description=_l("Include qualifications from other countries."),
        choices=options(QUALIFICATIONS.items()),
        validators=[InputRequired(_l("Choose your highest qualification"))],
    )


class EnicForm(PortalForm):
    answer = RadioField(
        _l("Has UK ENIC checked your qualification?"),
        description=_l(
            "UK ENIC is the organisation that says what a qualification from another country is equal to in the UK."
        ),
        choices=options(ENIC.items()),
        validators=[InputRequired(_l("Choose whether UK ENIC has checked your qualification"))],
    )


class InterestsForm(PortalForm):
    answer = CheckboxesField(
        _l("Which kinds of work interest you?"),
        description=_l("Choose as many as you like, or 'Not sure yet'."),
        validators=[DataRequired(_l("Choose at least one, or 'Not sure yet'"))],
        validate_choice=False,
    )


class AvailabilityForm(PortalForm):
    answer = RadioField(
        _l("How much time could you give?"),
        choices=options(AVAILABILITY.items()),
        validators=[InputRequired(_l("Choose how much time you could give"))],
    )


class AdviserForm(PortalForm):
    first_name = TextField(_l("First name"), validators=[DataRequired(_l("Enter your first name")), Length(max=100)])
    last_name = TextField(_l("Last name"), validators=[DataRequired(_l("Enter your last name")), Length(max=100)])
    email = EmailField(
        _l("Email address"),
        validators=[Optional(), Email(_l("Enter an email address like name@example.com")), Length(max=254)],
    )
    phone = PhoneField(
        _l("Phone number"),
        description=_l("A UK or international number. An adviser may call or send a text."),
        validators=[Optional(), Length(min=7, max=25, message=_l("Enter a phone number, like 07700 900 982"))],
    )
    date_of_birth = DateInputField(
        _l("Date of birth (optional)"), description=_l("For example, 27 3 1990"), validators=[not_in_future]
    )
    postcode = PostcodeField(_l("Postcode (optional)"), validators=[Optional(), PostcodeValidator()])
    preferred_language = ChoiceField(
        _l("Which language would you like the adviser to use?"), validators=[Optional()], validate_choice=False
    )
    route = RadioField(
        _l("Which of these sounds most like you?"),
        choices=options(ROUTES.items()),
        validators=[InputRequired(_l("Choose the one that sounds most like you"))],
    )
    needs = CheckboxesField(
        _l("What would you like help with?"), choices=options(NEEDS.items()), validators=[Optional()]
    )
    message = LongTextField(
        _l("Anything else you would like to tell us? (optional)"),
        validators=[Optional(), Length(max=2000, message=_l("Write 2,000 characters or fewer"))],
    )
    consent = CheckboxesField(
        _l("Your consent"),
        choices=options([("yes", _l("I agree that the academy may keep my details so that an adviser can help me"))]),
        validators=[DataRequired(_l("Tick the box to agree, or an adviser cannot contact you"))],
    )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.email.data and not self.phone.data and not self.email.errors:
            self.email.errors.append(_l("Enter an email address or a phone number so an adviser can contact you"))
            valid = False
        return valid
