"""`flask people duplicates`: the CSV contract (columns, order, each pair once, English reasons)
on a small database, with erased people left out and the export audited."""

import csv
import io
from datetime import date, datetime

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from tests.factories import PersonFactory

DOB = date(1990, 3, 4)


def _people():
    family = {"email": "haidari.family@example.com", "phone": "07700900123", "postcode": "SO16 6YD"}
    PersonFactory(person_ref="HCA-B", first_name="Mohammad", last_name="Haidari", date_of_birth=DOB, **family)
    PersonFactory(person_ref="HCA-A", first_name="Muhammad", last_name="Haydari", date_of_birth=DOB, email=None)
    PersonFactory(person_ref="HCA-C", first_name="Haidari", last_name="Mohammed", date_of_birth=date(1990, 4, 3))
    PersonFactory(
        person_ref="HCA-D", first_name="Maryam", last_name="Haidari", date_of_birth=date(1994, 8, 1), **family
    )
    PersonFactory(person_ref="HCA-E", first_name="Zahra", last_name="Haidari", date_of_birth=date(1994, 8, 1), **family)
    PersonFactory(person_ref="HCA-F", first_name="John", last_name="Smith", date_of_birth=date(1980, 1, 2))
    PersonFactory(person_ref="HCA-G", first_name="John", last_name="Smith", date_of_birth=date(1966, 9, 30))
    PersonFactory(
        person_ref="HCA-H",
        first_name="Mohammad",
        last_name="Haidari",
        date_of_birth=DOB,
        email=None,
        erased_at=datetime(2026, 11, 1, 9, 0),
    )


def _read(text):
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.db
def test_duplicates_csv_lists_each_pair_once_best_first(app, runner):
    _people()
    result = runner.invoke(args=["people", "duplicates"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "person_ref_a,person_ref_b,score,reasons"
    rows = _read(result.output)
    assert {(r["person_ref_a"], r["person_ref_b"]) for r in rows} == {
        ("HCA-A", "HCA-B"),
        ("HCA-A", "HCA-C"),
        ("HCA-B", "HCA-C"),
    }
    assert len(rows) == 3
    assert all(r["person_ref_a"] < r["person_ref_b"] for r in rows)
    scores = [int(r["score"]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    swapped = next(r for r in rows if (r["person_ref_a"], r["person_ref_b"]) == ("HCA-B", "HCA-C"))
    reasons = swapped["reasons"].split(";")
    assert "first and last names swapped" in reasons
    assert "day and month of birth swapped" in reasons
    translit = next(r for r in rows if (r["person_ref_a"], r["person_ref_b"]) == ("HCA-A", "HCA-B"))
    assert "first names match after transliteration" in translit["reasons"].split(";")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "people_duplicates")) is not None


@pytest.mark.db
def test_duplicates_with_a_lower_score_and_to_a_file(app, runner, tmp_path):
    _people()
    output = tmp_path / "pairs.csv"
    result = runner.invoke(
        args=["people", "duplicates", "--format", "csv", "--output", str(output), "--min-score", "0"]
    )
    assert result.exit_code == 0, result.output
    rows = _read(output.read_text(encoding="utf-8"))
    pairs = {(r["person_ref_a"], r["person_ref_b"]) for r in rows}
    # Everyone blocked together is listed at 0, the twins and the siblings among them, but never
    # the erased person.
    assert ("HCA-D", "HCA-E") in pairs
    assert not any("HCA-H" in pair for pair in pairs)
    assert len(pairs) == len(rows)
    twins = next(r for r in rows if (r["person_ref_a"], r["person_ref_b"]) == ("HCA-D", "HCA-E"))
    assert int(twins["score"]) < 45


def test_duplicates_refuses_a_score_out_of_range(app, runner):
    result = runner.invoke(args=["people", "duplicates", "--min-score", "101"])
    assert result.exit_code != 0
    assert "101" in result.output
