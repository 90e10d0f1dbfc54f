"""Form validators more than one area uses."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from portal.common.postcodes import normalise_postcode


class PostcodeValidator:
    def __call__(self, form, field):
        try:
            normalise_postcode(field.data)
        except ValueError as error:
            raise ValidationError(_l("Enter a real UK postcode, like SO16 6YD")) from error


def not_in_future(form, field):
    if field.data and field.data > date.today():
        raise ValidationError(_l("%(label)s must be today or in the past", label=field.label.text))
