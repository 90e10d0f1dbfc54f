from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from portal.ui.forms import EmailField, PortalForm, RadioField, TextField, options

CONTACT_BY = {"email": _l("By email"), "sms": _l("By text message")}


class AskForLinkForm(PortalForm):
    email = EmailField(
        _l("Email address"),
        description=_l("The email address you gave when you applied or asked for an adviser."),
        validators=[
            DataRequired(_l("Enter your email address")),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            Email(_l("Enter an email address in the correct format, like name@example.com")),
        ],
    )


class ConfirmForm(PortalForm):
    """A button that changes something: only its CSRF token is checked."""


class ContactByForm(PortalForm):
    contact_by = RadioField(
        _l("How should we tell you about your applications?"),
        choices=options(CONTACT_BY.items()),
        validators=[InputRequired(_l("Choose how we should tell you"))],
    )


class UpdateContactForm(PortalForm):
    """New contact details from the person's own page: kept for staff to check, never applied."""

    email = EmailField(
        _l("Email address"),
        validators=[
            Optional(),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            Email(_l("Enter an email address in the correct format, like name@example.com")),
        ],
    )
    phone = TextField(
        _l("Phone number"),
        description=_l("A UK or international number."),
        validators=[Optional(), Length(min=7, max=25, message=_l("Enter a phone number, like 07700 900 982"))],
    )
    contact_by = RadioField(
        _l("How should we tell you about your applications?"),
        choices=options(CONTACT_BY.items()),
        validators=[InputRequired(_l("Choose how we should tell you"))],
    )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and not self.email.data and not self.phone.data:
            self.email.errors.append(_l("Enter an email address or a phone number so we can contact you"))
            valid = False
        if valid and self.contact_by.data == "sms" and not self.phone.data:
            self.phone.errors.append(_l("Enter a phone number to be told by text message"))
            valid = False
        return valid
