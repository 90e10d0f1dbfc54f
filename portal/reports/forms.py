"""The report filters: the one report period (portal/reports/period.py) and what to include."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from portal.opportunities.choices import KINDS
from portal.pipeline.choices import ROUTES
from portal.reports.period import ReportPeriodForm
from portal.ui.forms import ChoiceField, options


class ReportFilterForm(ReportPeriodForm):
    route = ChoiceField(_l("Route"), choices=options([("", _l("All routes")), *ROUTES.items()]), validate_choice=False)
    organisation = ChoiceField(_l("Organisation"), validate_choice=False)
    kind = ChoiceField(
        _l("Opportunity kind"), choices=options([("", _l("All kinds")), *KINDS.items()]), validate_choice=False
    )

    def __init__(self, formdata, *, today: date, organisations: list[tuple[int, str]]):
        super().__init__(formdata, today=today)
        self.organisation.choices = options([("", _l("All organisations")), *((str(i), n) for i, n in organisations)])

    def validate_route(self, field):
        if field.data and field.data not in ROUTES:
            raise ValidationError(_l("Choose a route from the list"))

    def validate_kind(self, field):
        if field.data and field.data not in KINDS:
            raise ValidationError(_l("Choose an opportunity kind from the list"))

    def validate_organisation(self, field):
        if field.data and not field.data.isdigit():
            raise ValidationError(_l("Choose an organisation from the list"))
