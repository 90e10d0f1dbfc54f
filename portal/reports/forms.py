"""The report filters: a period (financial year, quarter or custom dates) and what to include."""

from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms.validators import Optional, ValidationError

from portal.forms import ChoiceField, DateInputField, PortalForm, options
from portal.opportunities.choices import KINDS
from portal.pipeline.choices import ROUTES
from portal.reports.widening import financial_year, period_bounds

CUSTOM = "custom"


def period_choices(today: date, years: int = 4) -> list[tuple[str, str]]:
    """The current and previous financial years, each followed by its quarters, then custom dates."""
    choices = []
    current = financial_year(today)
    for year in range(current, current - years, -1):
        choices.append((f"fy{year}", str(_l("Financial year %(start)s to %(end)s", start=year, end=year + 1))))
        for quarter in (1, 2, 3, 4):
            start, end = period_bounds(f"fy{year}-q{quarter}")
            if start > today:
                continue
            label = _l(
                "Q%(quarter)s %(start)s to %(end)s (%(from)s to %(to)s)",
                quarter=quarter,
                start=year,
                end=year + 1,
                **{"from": format_date(start, "MMMM yyyy"), "to": format_date(end, "MMMM yyyy")},
            )
            choices.append((f"fy{year}-q{quarter}", str(label)))
    choices.append((CUSTOM, str(_l("Custom dates"))))
    return choices


class ReportFilterForm(PortalForm):
    class Meta:
        csrf = False  # a GET filter that changes nothing; the URL can be bookmarked

    period = ChoiceField(_l("Period"), description=_l("UK financial years start on 1 April."))
    start = DateInputField(_l("From (custom dates)"), validators=[Optional()])
    end = DateInputField(_l("To (custom dates)"), validators=[Optional()])
    route = ChoiceField(_l("Route"), choices=options([("", _l("All routes")), *ROUTES.items()]), validate_choice=False)
    organisation = ChoiceField(_l("Organisation"), validate_choice=False)
    kind = ChoiceField(
        _l("Opportunity kind"), choices=options([("", _l("All kinds")), *KINDS.items()]), validate_choice=False
    )

    def __init__(self, formdata, *, today: date, organisations: list[tuple[int, str]]):
        super().__init__(formdata)
        self.period.choices = options(period_choices(today))
        self.organisation.choices = options([("", _l("All organisations")), *((str(i), n) for i, n in organisations)])
        if not self.period.data:
            self.period.data = f"fy{financial_year(today)}"

    def validate_start(self, field):
        if self.period.data == CUSTOM and not field.data:
            raise ValidationError(_l("Enter the first day of the period"))

    def validate_end(self, field):
        if self.period.data == CUSTOM:
            if not field.data:
                raise ValidationError(_l("Enter the last day of the period"))
            if self.start.data and field.data < self.start.data:
                raise ValidationError(_l("The end of the period must be the same as or after the start"))

    def validate_route(self, field):
        if field.data and field.data not in ROUTES:
            raise ValidationError(_l("Choose a route from the list"))

    def validate_kind(self, field):
        if field.data and field.data not in KINDS:
            raise ValidationError(_l("Choose an opportunity kind from the list"))

    def validate_organisation(self, field):
        if field.data and not field.data.isdigit():
            raise ValidationError(_l("Choose an organisation from the list"))

    def bounds(self) -> tuple[date, date]:
        if self.period.data == CUSTOM:
            return self.start.data, self.end.data
        return period_bounds(self.period.data)
