from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms.validators import Length, Optional, ValidationError

from portal.admin.audit_words import ACTION_WORDS, RECORD_WORDS
from portal.audit.services import ACTIONS
from portal.ui.forms import ChoiceField, DateInputField, PortalForm, TextField, options


class AuditSearchForm(PortalForm):
    """Filters for the audit log, read from the query string (they hold no personal data: staff
    are chosen from a list by account, and records by their reference)."""

    class Meta:
        csrf = False
        keep_rendering = True  # its lists and dates are kept in the cache (portal/ui/forms.py)

    user = ChoiceField(_l("Who"), validators=[Optional()], validate_choice=False)
    action = ChoiceField(
        _l("Action"),
        choices=options([("", _l("Any action"))] + [(action, ACTION_WORDS.get(action, action)) for action in ACTIONS]),
        validators=[Optional()],
        validate_choice=False,
    )
    object_type = ChoiceField(
        _l("Type of record"),
        choices=options([("", _l("Any record"))] + list(RECORD_WORDS.items())),
        validators=[Optional()],
        validate_choice=False,
    )
    object_id = TextField(
        _l("Record reference"),
        description=_l("For example a person reference such as HCA-7K2M9QXD, or an application reference."),
        validators=[Optional(), Length(max=40)],
    )
    person_ref = TextField(
        _l("Person reference"),
        description=_l(
            "Finds every entry about this person and their records: case, actions, interventions, applications, "
            "jobs and checks."
        ),
        validators=[Optional(), Length(max=40)],
    )
    email = TextField(
        _l("Email typed at a failed sign-in"),
        description=_l("Finds failed sign-ins with this email address, whether or not it has an account."),
        validators=[Optional(), Length(max=254)],
    )
    start = DateInputField(_l("From"), validators=[Optional()])
    end = DateInputField(_l("To"), validators=[Optional()])

    def validate_end(self, field):
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_l("The end of the period must be the same as or after the start"))

    def validate_start(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_l("The start of the period must be today or in the past"))
