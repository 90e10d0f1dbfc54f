"""Forms for looking after staff accounts: creating one (with an invitation) and changing a role."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Email, Length, Optional

from portal.auth.models import ROLE_NAMES, ROLES
from portal.config import LANGUAGES
from portal.ui.forms import ChoiceField, EmailField, PortalForm, RadioField, TextField, options


def _role_field():
    return RadioField(
        _l("Role"),
        choices=options([(role, ROLE_NAMES[role]) for role in ROLES]),
        validators=[DataRequired(_l("Choose a role"))],
    )


class CreateAccountForm(PortalForm):
    email = EmailField(
        _l("Work email address"),
        description=_l("They sign in with it."),
        validators=[
            DataRequired(_l("Enter their work email address")),
            Email(_l("Enter an email address like name@example.com")),
            Length(max=254),
        ],
    )
    name = TextField(
        _l("Name"),
        description=_l("As colleagues know them."),
        validators=[DataRequired(_l("Enter their name")), Length(max=200)],
    )
    role = _role_field()
    language = ChoiceField(
        _l("Language of the invitation email"),
        description=_l("Their password reset emails come in the same language."),
        choices=options([(code, name) for code, (_locale, name) in LANGUAGES.items()]),
        default="en",
        # Left out (an older form, a script): English.
        validators=[Optional()],
    )


class ChangeRoleForm(PortalForm):
    role = _role_field()
