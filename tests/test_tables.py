"""portal/ui/tables.py writes a list's rows itself: its table is the NHS.UK macro's, byte for byte."""

import itertools

from markupsafe import Markup

from portal.ui import tables

HEAD = [{"text": "Name"}, {"text": "Count", "format": "numeric"}, {"text": "Note & more"}, {"text": "Action"}]
CELLS = [
    {"text": "Amira <Haddad>", "href": "/staff/people/P-1?x=1&y=2"},
    {"text": 7, "format": "numeric"},
    {"text": "three", "format": "string"},
    {"html": Markup("<b>bold</b>\n<i>on two lines</i>\n\n  indented")},
    {"html": Markup(" <form><button>Retry</button></form> ")},
    {"text": ""},
    {"text": 0},
    {"text": None},
    {"text": "  padded  ", "classes": "app-extra"},
    {"text": "x", "classes": "nhsuk-table__cell--numeric", "format": "numeric"},
    {"html": Markup("<span>h</span>"), "href": "/a", "header": "Own heading"},
    {"text": "with a heading", "header": "Own"},
]


def rows_of(cells, width):
    return [list(group) for group in itertools.zip_longest(*[iter(cells)] * width, fillvalue={"text": "-"})]


def test_the_rows_are_the_macros_own(app):
    with app.test_request_context():
        for responsive, first_is_header, caption in itertools.product((False, True), (False, True), (None, "Cap")):
            for width in (2, 3, 4):
                params = {"head": HEAD[:width], "rows": rows_of(CELLS, width) + rows_of(CELLS[3:], width)}
                if responsive:
                    params["responsive"] = True
                if first_is_header:
                    params["firstCellIsHeader"] = True
                if caption:
                    params |= {"caption": caption, "captionSize": "m"}
                assert tables._handled(params)
                assert str(tables.table(params)) == str(tables._macro(params)), params


def test_no_rows_no_head_and_what_it_does_not_handle_go_to_the_macro(app):
    with app.test_request_context():
        for params in (
            {"head": HEAD, "rows": []},
            {"rows": rows_of(CELLS, 3)},
            {"head": HEAD, "rows": [["a string cell", {"text": "b"}]]},
            {"head": [{"text": "A", "sort": "ascending"}], "rows": [[{"text": "a"}]]},
            {"head": HEAD, "rows": [[{"text": "a", "width": "one-half"}]], "compact": True},
            {"head": HEAD[:1], "rows": [[{"text": "a"}, {"text": "b"}]], "responsive": True},
        ):
            assert str(tables.table(params)) == str(tables._macro(params)), params


def test_a_task_card_is_the_macros_own(app):
    from portal.ui import cards

    with app.test_request_context():
        for level, heading, href, description in itertools.product(
            (2, 3, 4), ("Referrals", "A & <B>", 'Ymlaen – "quoted"'), ("/staff/", "/x?a=1&b=2"), ("D <i>", "Plain.")
        ):
            params = {
                "heading": heading,
                "headingLevel": level,
                "href": href,
                "clickable": True,
                "description": description,
            }
            assert cards._handled(params)
            assert str(cards.card(params)) == str(cards._macro(params)), params
        for params in (
            {"heading": "A", "href": "/a", "description": "d"},
            {"heading": "A", "headingLevel": 3, "href": "/a", "clickable": True, "description": "two\nlines"},
            {"heading": " A ", "headingLevel": 3, "href": "/a", "clickable": True, "description": "d"},
        ):
            assert not cards._handled(params)
            assert str(cards.card(params)) == str(cards._macro(params)), params
