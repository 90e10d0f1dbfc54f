"""Staff filter forms' lists and dates are kept in the one cache (portal/ui/forms.py): the kept
markup is the macro's own, a kept field is not rendered again, and nothing a person types, nor
any field of a form that writes, is ever kept."""

from datetime import date

from flask import current_app
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from portal.admin.forms import AuditSearchForm
from portal.extensions import cache
from portal.people.forms import EqualityForm
from portal.reports.period import ReportPeriodForm
from portal.ui import forms


def kept_components() -> dict:
    """What the one cache (SimpleCache in tests) holds for components, by key."""
    return {key: value for key, value in cache.cache._cache.items() if "component:" in key}


def period_form(args: dict) -> ReportPeriodForm:
    return ReportPeriodForm(MultiDict(args), today=date(2026, 12, 3))


def test_a_filter_forms_lists_and_dates_are_kept_as_the_macro_draws_them(app, monkeypatch):
    args = {"period": "custom", "start[day]": "1", "start[month]": "13", "start[year]": "2025"}
    with app.test_request_context("/"):
        cache.clear()
        form = period_form(args)
        form.validate()
        drawn = [str(form.period()), str(form.start()), str(form.end())]
        assert len(kept_components()) == 3
        assert 'value="13"' in drawn[1] and "nhsuk-error-message" in drawn[1], "the typed date and its error"

        monkeypatch.setattr(forms, "_kept", lambda field: False)
        again = period_form(args)
        again.validate()
        assert [str(again.period()), str(again.start()), str(again.end())] == drawn, "the same markup as the macro"
        monkeypatch.undo()

        def not_again(*args, **kwargs):
            raise AssertionError("a kept field is not drawn again")

        monkeypatch.setattr(current_app.jinja_env, "get_template", not_again)
        third = period_form(args)
        third.validate()
        assert [str(third.period()), str(third.start()), str(third.end())] == drawn


def test_a_different_choice_or_language_is_kept_apart(app):
    with app.test_request_context("/"):
        cache.clear()
        first = str(period_form({"period": "fy2025"}).period())
        second = str(period_form({"period": "fy2024"}).period())
        with force_locale("ar"):
            arabic = str(period_form({"period": "fy2025"}).period())
    assert first != second and first != arabic
    assert len(kept_components()) == 3


def test_typed_text_and_forms_that_write_are_never_kept(app):
    """An empty box of a filter form may be kept; what is typed into one never is."""
    with app.test_request_context("/"):
        cache.clear()
        search = AuditSearchForm(MultiDict({"object_id": "HCA-ZX4Q8W2R", "person_ref": "HCA-ZX4Q8W2R"}))
        assert "HCA-ZX4Q8W2R" in str(search.object_id()) + str(search.person_ref())
        equality = EqualityForm(MultiDict({"ethnic_category": "A", "disability": "yes"}))
        assert "selected" in str(equality.ethnic_category())
        assert "checked" in str(equality.disability())
        assert kept_components() == {}
        str(search.action())
        assert len(kept_components()) == 1, "the filter form's list is kept"
        str(AuditSearchForm(MultiDict({})).object_id())
        assert len(kept_components()) == 2, "and an empty box"
        assert all("HCA-ZX4Q8W2R" not in str(value) for value in cache.cache._cache.values())
