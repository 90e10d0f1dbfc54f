from flask_babel import lazy_gettext as _l
from wtforms.validators import Length, Optional

from portal.careers.choices import BANDS, ROUTE_FILTERS
from portal.ui.forms import CheckboxesField, ChoiceField, PortalForm, TextField, options


class CareerSearchForm(PortalForm):
    """The careers list's search and filters, kept in the URL so results can be shared."""

    class Meta:
        csrf = False  # a GET search that changes nothing

    q = TextField(_l("Search for a job or a subject"), validators=[Optional(), Length(max=100)])
    family = ChoiceField(_l("Career family"), validators=[Optional()], validate_choice=False)
    route = CheckboxesField(_l("How to get in"), choices=options(ROUTE_FILTERS.items()), validators=[Optional()])
    band = ChoiceField(
        _l("Agenda for Change pay band"),
        choices=options([("", _l("Any band"))] + [(band, _l("Band %(band)s", band=band)) for band in BANDS]),
        validators=[Optional()],
    )


class CompareForm(PortalForm):
    class Meta:
        csrf = False

    role = ChoiceField(_l("Add a role to compare"), validate_choice=False)
