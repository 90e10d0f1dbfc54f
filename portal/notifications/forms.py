from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Email, InputRequired, Length

from portal.forms import EmailField, PortalForm, RadioField, options

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
