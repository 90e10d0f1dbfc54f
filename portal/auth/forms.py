from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, EqualTo, Length

from portal.ui.forms import EmailField, PortalForm, SecretField, TextField


class SignInForm(PortalForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(_l("Enter your email address")), Length(max=254)])
    password = SecretField(_l("Password"), validators=[DataRequired(_l("Enter your password")), Length(max=200)])


class ForgottenPasswordForm(PortalForm):
    email = EmailField(
        _l("Email address"),
        description=_l("The address you sign in with."),
        validators=[DataRequired(_l("Enter your email address")), Length(max=254)],
    )


class CodeForm(PortalForm):
    code = TextField(
        _l("Code"),
        description=_l("The 6-digit code from your authenticator app, or one of your recovery codes."),
        validators=[DataRequired(_l("Enter the code from your authenticator app")), Length(max=40)],
    )


def _new_password():
    return SecretField(
        _l("New password"),
        description=_l(
            "At least 12 characters. A few unrelated words make a password that is long and easy to remember."
        ),
        validators=[DataRequired(_l("Enter a new password")), Length(max=200)],
    )


def _confirm():
    return SecretField(
        _l("Type the new password again"),
        validators=[
            DataRequired(_l("Type the new password again")),
            EqualTo("password", _l("The two passwords are not the same")),
        ],
    )


class NewPasswordForm(PortalForm):
    """Choosing a password from an invitation or reset link."""

    password = _new_password()
    confirm = _confirm()


class ChangePasswordForm(PortalForm):
    current = SecretField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password")), Length(max=200)]
    )
    password = _new_password()
    confirm = _confirm()
