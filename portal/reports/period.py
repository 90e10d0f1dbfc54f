"""The one report period form every report uses: a financial year, one of its quarters or custom
dates, read from the query string (so a period can be bookmarked). A period that is not valid is
an error beside its field, never quietly replaced by another one."""

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from portal.reports.widening import financial_year, period_bounds
from portal.ui.forms import ChoiceField, DateInputField, PortalForm, options

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


class ReportPeriodForm(PortalForm):
    class Meta:
        csrf = False  # a GET filter that changes nothing; the URL can be bookmarked
        keep_rendering = True  # its lists and dates are kept in the cache (portal/ui/forms.py)

    period = ChoiceField(_l("Period"), description=_l("UK financial years start on 1 April."), validate_choice=False)
    # No Optional(): it would end validation before the checks below say a custom date is missing.
    start = DateInputField(_l("From (custom dates)"))
    end = DateInputField(_l("To (custom dates)"))

    def __init__(self, formdata, *, today: date, default: tuple[date, date] | None = None):
        """``default``: the period shown before one is chosen (custom dates); the current
        financial year when not given. Dates typed without a period chosen are custom dates."""
        super().__init__(formdata)
        self.today = today
        self.period.choices = options(period_choices(today))
        if not self.period.data:
            typed = bool(self.start.raw_data or self.end.raw_data)
            if typed:
                self.period.data = CUSTOM
            elif default:
                self.period.data = CUSTOM
                self.start.data, self.end.data = default
            else:
                self.period.data = f"fy{financial_year(today)}"

    def validate_period(self, field):
        if field.data == CUSTOM:
            return
        try:
            period_bounds(field.data)
        except ValueError:
            raise ValidationError(_l("Choose a period from the list")) from None

    def validate_start(self, field):
        if self.period.data != CUSTOM:
            return
        if not field.data:
            raise ValidationError(_l("Enter the first day of the period"))
        if field.data > self.today:
            raise ValidationError(_l("The start of the period must be today or in the past"))

    def validate_end(self, field):
        if self.period.data != CUSTOM:
            return
        if not field.data:
            raise ValidationError(_l("Enter the last day of the period"))
        if self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end of the period must be the same as or after the start"))

    def bounds(self) -> tuple[date, date]:
        if self.period.data == CUSTOM:
            return self.start.data, self.end.data
        return period_bounds(self.period.data)

    def period_label(self) -> str:
        """The chosen financial year or quarter in words; empty for custom dates."""
        if self.period.data == CUSTOM:
            return ""
        return next((choice.label for choice in self.period.choices if choice.value == self.period.data), "")


def read_period(formdata, form_class=ReportPeriodForm, **kwargs):
    """The form and its (start, end), or None for the bounds when what was asked for is not valid
    (the page then shows the errors, and no figures)."""
    form = form_class(formdata or None, today=date.today(), **kwargs)
    if not form.validate():
        return form, None
    return form, form.bounds()


def _months_before(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 - months
    return date(total // 12, total % 12 + 1, 1)


def comparison_periods(start: date, end: date) -> dict[str, tuple[date, date]]:
    """The previous period of the same length, ending the day before ``start`` (whole months
    when the period is whole months, so a quarter is compared with the quarter before), and the
    same dates a year earlier (29 February becomes 28 February)."""
    previous_end = start - timedelta(days=1)
    whole_months = start.day == 1 and (end + timedelta(days=1)).day == 1
    if whole_months:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        previous_start = _months_before(start, months)
    else:
        previous_start = previous_end - (end - start)

    def year_before(day: date) -> date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:
            return day.replace(year=day.year - 1, day=28)

    return {
        "previous": (previous_start, previous_end),
        "last_year": (year_before(start), year_before(end)),
    }
