from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Length

from portal.forms import EmailField, PortalForm, SecretField, TextField


class SignInForm(PortalForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(_l("Enter your email address")), Length(max=254)])
    password = SecretField(_l("Password"), validators=[DataRequired(_l("Enter your password")), Length(max=200)])


class CodeForm(PortalForm):
    code = TextField(
        _l("Code"),
        description=_l("The 6-digit code from your authenticator app, or one of your recovery codes."),
        validators=[DataRequired(_l("Enter the code from your authenticator app")), Length(max=40)],
    )
