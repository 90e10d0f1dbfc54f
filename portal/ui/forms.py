"""WTForms fields rendered through the NHS.UK frontend macros, so templates never hand-write
component HTML: ``{{ form.email(params={"autocomplete": "email"}) }}`` renders an NHS.UK input with
its label, hint, error message and the value the person typed.
"""

import hashlib
import math
import re
from datetime import date
from importlib.metadata import version

from flask import current_app, request, session
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from markupsafe import Markup
from werkzeug.routing import IntegerConverter
from wtforms import (
    Field,
    FloatField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms import RadioField as _RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.utils import unset_value
from wtforms.validators import Length, StopValidation

from portal import caching


def plain(value):
    """Lazy translated strings as plain text. The NHS.UK macros test ``is string`` (which a lazy
    string fails) and ``is escaped`` (which it passes, as it has __html__), so both would go wrong."""
    if isinstance(value, LazyString):
        return str(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


# A component's markup depends on its parameters and the library's version alone.
_LIBRARY = f"nhsuk-frontend-jinja {version('nhsuk-frontend-jinja')}"
KEEP_SECONDS = 3600


def _render(component: str, name: str, params: dict, *, keep: bool = False) -> Markup:
    """The component's macro, called with ``params``. With ``keep`` the markup is kept in the one
    cache under a hash of the parameters: a select of 40 options or a date input through the
    NHS.UK macros costs 2 to 5 ms, a staff filter form of six such fields 20 ms on every list."""
    params = plain(params)

    def build() -> Markup:
        template = current_app.jinja_env.get_template(f"nhsuk/components/{component}/macro.jinja")
        return Markup(getattr(template.module, name)(params))  # noqa: S704 - the component's own output

    if not keep:
        return build()
    digest = hashlib.sha256(repr((_LIBRARY, component, name, params)).encode()).hexdigest()
    return caching.kept_or_built(f"component:{digest}", build, KEEP_SECONDS)


def _kept(field) -> bool:
    """Fields of a GET filter form that says so (``class Meta: keep_rendering = True``): their
    choices are in the page's address already, and they are the same for every member of staff.
    Only choices, dates and empty boxes are kept, never typed text."""
    return getattr(field.meta, "keep_rendering", False)


def render_component(component: str, params: dict) -> Markup:
    """An NHS.UK component by its macro, for a piece a field widget does not draw (a reveal's input)."""
    return _render(component, component, params)


def _merge(base: dict, extra: dict | None) -> dict:
    for key, value in (extra or {}).items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = _merge(dict(base[key]), value)
        else:
            base[key] = value
    return base


def _common(field, params):
    common = {}
    if field.description:
        common["hint"] = {"text": field.description}
    if field.errors:
        common["errorMessage"] = {"text": field.errors[0]}
    return _merge(common, params)


class NHSInput:
    component, macro = "input", "input"
    input_type = "text"

    def __call__(self, field, params=None, **_):
        base = {
            "id": field.id,
            "name": field.name,
            "type": self.input_type,
            "label": {"text": field.label.text},
            "value": self.value(field),
        }
        params = _merge(base, _common(field, params))
        # An empty box holds nothing anyone typed, so a filter form's may be kept.
        return _render(self.component, self.macro, params, keep=_kept(field) and not params.get("value"))

    def value(self, field):
        return field._value()


class NHSLeftToRightInput(NHSInput):
    """Email addresses, phone numbers and postcodes read left to right on every page: typed into a
    right-to-left field their parts would be shown in the reverse order (07700 as the last group)."""

    defaults: dict = {}

    def __call__(self, field, params=None, **_):
        return super().__call__(field, _merge({"attributes": {"dir": "ltr"}, **self.defaults}, params))


class NHSEmailInput(NHSLeftToRightInput):
    input_type = "email"
    defaults = {"spellcheck": False}


class NHSPhoneInput(NHSLeftToRightInput):
    input_type = "tel"
    defaults = {"classes": "nhsuk-input--width-20"}


class NHSPostcodeInput(NHSLeftToRightInput):
    defaults = {"classes": "nhsuk-input--width-10"}


class NHSPasswordInput(NHSInput):
    input_type = "password"

    def value(self, field):
        return ""  # never send a password back to the browser


class NHSTextarea(NHSInput):
    component, macro = "textarea", "textarea"


class NHSFileUpload(NHSInput):
    """The browser's own file chooser in an NHS.UK form group. (The enhanced nhsuk file-upload
    component names its button differently from what it shows, which axe reports, and its words
    are English only; the native chooser is translated by the browser.)"""

    input_type = "file"

    def __call__(self, field, params=None, **_):
        return super().__call__(field, _merge({"classes": "app-file-input"}, params))

    def value(self, field):
        return ""  # a browser never accepts a value for a file input


class NHSSelect:
    def __call__(self, field, params=None, **_):
        items = [
            {"value": choice.value, "text": choice.label, "selected": choice.selected}
            for choice in field.iter_choices()
        ]
        base = {"id": field.id, "name": field.name, "label": {"text": field.label.text}, "items": items}
        if isinstance(field, SelectMultipleField):
            base["attributes"] = {"multiple": "multiple", "size": "8"}
        return _render("select", "select", _merge(base, _common(field, params)), keep=_kept(field))


class NHSChoiceGroup:
    """Radios or checkboxes in a fieldset whose legend is the field's label."""

    def __init__(self, component: str):
        self.component = component

    def __call__(self, field, params=None, **_):
        # ``item_params``: more for some items (a hint, a conditional reveal), by choice value.
        params = dict(params or {})
        extras = {str(key): value for key, value in (params.pop("item_params", None) or {}).items()}
        items = [
            {
                "value": choice.value,
                "text": choice.label,
                "checked": choice.selected,
                **extras.get(str(choice.value), {}),
            }
            for choice in field.iter_choices()
        ]
        base = {
            "idPrefix": field.id,
            "name": field.name,
            "fieldset": {"legend": {"text": field.label.text}},
            "items": items,
        }
        return _render(self.component, self.component, _merge(base, _common(field, params)), keep=_kept(field))


class NHSDateInput:
    def __call__(self, field, params=None, **_):
        parts = field.parts()
        has_error = bool(field.errors)
        items = [
            {
                "name": part,
                "label": label,
                "value": parts.get(part, ""),
                "classes": ("nhsuk-input--width-4" if part == "year" else "nhsuk-input--width-2")
                + (" nhsuk-input--error" if has_error else ""),
            }
            for part, label in (("day", _l("Day")), ("month", _l("Month")), ("year", _l("Year")))
        ]
        base = {
            "id": field.id,
            "namePrefix": field.name,
            "fieldset": {"legend": {"text": field.label.text}},
            "items": items,
        }
        return _render("date-input", "dateInput", _merge(base, _common(field, params)), keep=_kept(field))


MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """``<int:id>`` that matches only ids the database can hold, so a huge number is a 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def int_or_none(value):
    """Coerce a select's value to an id, leaving the empty "Choose..." option empty."""
    text = str(value).strip() if value is not None else ""
    # Database ids are 32-bit: a larger number cannot be one (and PostgreSQL would refuse it).
    return int(text) if text.isdigit() and int(text) <= MAX_ID else None


def options(pairs) -> list[SelectChoice]:
    """Choices for a select, radios or checkboxes from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class TextField(StringField):
    widget = NHSInput()


class EmailField(StringField):
    widget = NHSEmailInput()


class PhoneField(StringField):
    widget = NHSPhoneInput()


class PostcodeField(StringField):
    widget = NHSPostcodeInput()


class SecretField(PasswordField):
    widget = NHSPasswordInput()


class LongTextField(TextAreaField):
    widget = NHSTextarea()


class UploadField(FileField):
    """A file chooser; the form's enctype must be multipart/form-data."""

    widget = NHSFileUpload()


class ChoiceField(SelectField):
    widget = NHSSelect()


class RadioField(_RadioField):
    widget = NHSChoiceGroup("radios")


class CheckboxesField(SelectMultipleField):
    widget = NHSChoiceGroup("checkboxes")


def field_name(label) -> str:
    """A label as a message names it: without a trailing "(optional)", in any language."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", str(label)).strip() or str(label)


class WholeNumberField(IntegerField):
    widget = NHSInput()

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
            # No answer of ours has 16 digits; a longer one overflowed NumberRange's float check
            # (found by tests/test_property_lists.py).
            if abs(self.data) >= 10**15:
                raise ValueError("too long")
        except ValueError as exc:
            self.data = None
            raise ValueError(
                _l("%(label)s must be a whole number, like 12", label=field_name(self.label.text))
            ) from exc


class DecimalNumberField(FloatField):
    """A number that may have a fraction, like 37.5 hours a week (a comma works as the point too)."""

    widget = NHSInput()

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].strip().replace(",", ".")
        try:
            self.data = float(text)
            if not math.isfinite(self.data) or abs(self.data) >= 10**15:
                raise ValueError("not a usable number")
        except ValueError as exc:
            self.data = None
            raise ValueError(_l("%(label)s must be a number, like 37.5", label=field_name(self.label.text))) from exc


class MultipleChoiceField(SelectMultipleField):
    """A select that takes several answers (Ctrl/Cmd-click), for long lists such as careers."""

    widget = NHSSelect()


class DateInputField(Field):
    """A date typed as day, month and year boxes (the NHS.UK date input pattern).

    What the person typed is kept and shown back when it is not a real date.
    """

    widget = NHSDateInput()
    PARTS = ("day", "month", "year")

    def parts(self) -> dict:
        if self.raw_data:
            return dict(zip(self.PARTS, self.raw_data, strict=True))
        if isinstance(self.data, date):
            return {"day": str(self.data.day), "month": str(self.data.month), "year": str(self.data.year)}
        return {}

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = data
        self.raw_data = []
        keys = [f"{self.name}[{part}]" for part in self.PARTS]
        if formdata is None or not any(key in formdata for key in keys):
            return
        self.raw_data = [(formdata.get(key) or "").strip() for key in keys]
        self.data = None
        if not any(self.raw_data):
            return
        try:
            day, month, year = (int(value) for value in self.raw_data)
            if year < 1000:
                raise ValueError
            self.data = date(year, month, day)
        except (ValueError, OverflowError):  # a huge day or year overflows rather than failing
            self.process_errors.append(_l("%(label)s must be a real date", label=self.label.text))

    def pre_validate(self, form):
        # Something was typed but it is not a date: say so, rather than "enter a date".
        if self.process_errors:
            raise StopValidation()


class SearchForm(FlaskForm):
    """The search box of a staff list, read from the query string."""

    class Meta:
        csrf = False

    q = TextField(_l("Search"), validators=[Length(max=100)])


class PeopleSearchForm(FlaskForm):
    """A search for people by name, email or reference. It is posted, and kept in the session,
    so names never appear in a URL, a browser history or a server log."""

    class Meta:
        keep_rendering = True  # only while its box is empty (NHSInput)

    q = TextField(_l("Search"), validators=[Length(max=100)])


def remembered_search(key: str) -> tuple[str, "PeopleSearchForm | None"]:
    """Handle a posted people search for the list ``key``: returns (term, None) to render, or
    (term, form) where the caller should redirect back to the list (post/redirect/get)."""
    form = PeopleSearchForm()
    if request.method == "POST" and form.validate_on_submit():
        session[f"search:{key}"] = (form.q.data or "").strip()
        return session[f"search:{key}"], form
    form.q.data = session.get(f"search:{key}", "")
    return form.q.data, None


class PortalForm(FlaskForm):
    """Base form: knows its errors in the order the fields appear, for the error summary."""

    def error_list(self) -> list[dict]:
        errors = []
        for field in self:
            if not field.errors:
                continue
            # A date input's first box is the one to jump to.
            anchor = f"{field.id}-day" if isinstance(field.widget, NHSDateInput) else field.id
            errors.append({"text": field.errors[0], "href": f"#{anchor}"})
        return errors


class ConfirmForm(PortalForm):
    """A button that changes something: only its CSRF token to check."""
