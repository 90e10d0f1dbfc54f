"""Report figures are kept until the data behind them changes (portal/reports/keeping.py): a
change of any kind shows at once, in every process sharing the cache; looking does not."""

from datetime import date, timedelta

from portal.audit import services as audit
from portal.extensions import db
from portal.pipeline import services as pipeline
from portal.reports import keeping
from tests.conftest import sign_in_as
from tests.factories import PersonFactory
from tests.reports.test_pipeline_overview import overview_rows


def test_figures_are_built_once_and_again_after_any_change(app):
    built = []

    def build():
        built.append(1)
        return {"figure": len(built)}

    with app.test_request_context():
        assert keeping.kept_figures("test", (1,), build) == {"figure": 1}
        assert keeping.kept_figures("test", (1,), build) == {"figure": 1}  # kept
        assert len(built) == 1
        assert keeping.kept_figures("test", (2,), build) == {"figure": 2}  # other parts, other figures
        audit.record("view", "widening_participation")  # looking is not a change
        db.session.commit()
        assert keeping.kept_figures("test", (1,), build) == {"figure": 1}
        audit.record("update", "equality_profile", "HCA-TEST0001")  # an answer changed: audited
        db.session.commit()
        assert keeping.kept_figures("test", (1,), build) == {"figure": 3}
        PersonFactory()  # a row written without the web (a seed, an import's rows)
        db.session.commit()
        assert keeping.kept_figures("test", (1,), build) == {"figure": 4}


def test_a_new_event_shows_on_the_overview_at_once(client, sign_in):
    sign_in("admin")
    recent = date.today() - timedelta(days=10)
    pipeline.record_event(PersonFactory(), "engaged", recent)
    db.session.commit()
    assert overview_rows(client)["Engaged"][0] == "1"
    assert overview_rows(client)["Engaged"][0] == "1"  # kept, and the same
    pipeline.record_event(PersonFactory(), "engaged", recent)
    db.session.commit()
    assert overview_rows(client)["Engaged"][0] == "2"


def test_exact_numbers_are_still_decided_for_each_viewer(app, client, sign_in, make_user):
    recent = date.today() - timedelta(days=10)
    for _ in range(3):
        pipeline.record_event(PersonFactory(), "engaged", recent)
    db.session.commit()
    sign_in("admin")
    assert overview_rows(client)["Engaged"][0] == "3"
    manager = app.test_client()
    assert sign_in_as(manager, make_user(role="manager")).status_code == 302
    assert overview_rows(manager)["Engaged"][0] != "3"  # the same kept figures, suppressed for a manager


def test_the_board_pack_kept_whole_is_drawn_again_when_the_data_changes(client, sign_in):
    sign_in("manager")
    recent = date.today() - timedelta(days=10)

    def funnel() -> str:
        page = client.get("/staff/reports/board-pack").text
        start = page.index('id="funnel-heading"')
        return page[start : page.index("</section>", start)]

    for _ in range(10):
        pipeline.record_event(PersonFactory(), "engaged", recent)
    db.session.commit()
    first = funnel()
    assert "10" in first
    assert funnel() == first  # kept, and the same
    for _ in range(5):
        pipeline.record_event(PersonFactory(), "engaged", recent)
    db.session.commit()
    assert "15" in funnel() and "15" not in first
