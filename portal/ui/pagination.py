"""Paginating a list page. Every list page reads its page number here, so a number that is not a
number, negative, zero, huge or past the end gets the same ordinary answer everywhere: a page
number that is not a number (or below 1) shows the first page, one past the end shows the last."""

from flask import request
from sqlalchemy import Select

from portal.extensions import db

# Far beyond any list the portal shows, and small enough that page x page size fits any
# database's OFFSET (a 20-digit page number overflowed SQLite's integer and was a 500).
MAX_PAGE = 1_000_000


def page_number() -> int:
    """The ``page`` query parameter as a page number from 1 to MAX_PAGE; anything else is 1."""
    raw = request.args.get("page", "")
    if len(raw) > 20:
        return MAX_PAGE if raw.strip().isdigit() else 1
    try:
        number = int(raw)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def paginate(statement: Select, *, per_page: int, page: int | None = None, count: bool = True):
    """One page of ``statement``; a page past the end is the last page."""
    number = page_number() if page is None else page
    result = db.paginate(statement, page=number, per_page=per_page, error_out=False, count=count)
    if result.pages and number > result.pages:
        result = db.paginate(statement, page=result.pages, per_page=per_page, error_out=False, count=count)
    return result


def id_arg(name: str) -> int | None:
    """A record id in the query string (a list's filter), or None when it is not one the
    database could hold: a huge number would overflow SQLite's integer."""
    raw = request.args.get(name, "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 10:
        return None
    number = int(raw)
    return number if 0 < number < 2**31 else None
