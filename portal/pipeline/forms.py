from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms.validators import Optional, ValidationError

from portal.forms import DateInputField, PortalForm


class PeriodForm(PortalForm):
    """A reporting period, read from the query string so that a period can be bookmarked."""

    class Meta:
        csrf = False  # a GET filter that changes nothing

    start = DateInputField(_l("From"), validators=[Optional()])
    end = DateInputField(_l("To"), validators=[Optional()])

    def validate_end(self, field):
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_l("The end of the period must be the same as or after the start"))

    def validate_start(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_l("The start of the period must be today or in the past"))
