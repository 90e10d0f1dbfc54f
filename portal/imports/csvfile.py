"""Reading an uploaded CSV file by the contract in data-formats.md: UTF-8 (a BOM is accepted),
comma-separated, a header row, columns in any order, unknown columns an error. Every problem is
reported as (line, column, reason) with the file's own line numbers (the header is line 1).

The cell checks used by every importer live here too, so that "a bad date" reads the same
whichever file it is in.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from flask_babel import lazy_gettext as _l

from portal.imports.labels import to_code


@dataclass(frozen=True)
class RowError:
    line: int | None  # None for a problem with the whole file
    column: str
    reason: str

    def as_text(self) -> str:
        where = f"line {self.line}" if self.line is not None else "file"
        return f"{where}, {self.column or '-'}: {self.reason}"


class CsvTable:
    """A file read by ``read_csv``: its columns, and each row's line number and stripped cells."""

    def __init__(self, columns: list[str], lines: list[int], cells: list[list[str]]):
        self.columns = columns
        self.lines = lines  # the file's own line number of each row
        self.cells = cells  # each row's cells in ``columns`` order
        self.header_errors: list[RowError] = []  # kept by read_csv(keep_header_errors=True)

    @cached_property
    def rows(self) -> list[tuple[int, dict[str, str]]]:
        """(line number, {column: stripped text}) for each row. Made when first asked for: a
        check that goes column by column (``check_columns``) needs only the rows it refuses."""
        return [(line, self.row(index)) for index, line in enumerate(self.lines)]

    def first_rows(self, count: int) -> list[tuple[int, dict[str, str]]]:
        """The first ``count`` of ``rows``, without making the rest (a preview shows ten)."""
        return [(self.lines[index], self.row(index)) for index in range(min(count, len(self.lines)))]

    def row(self, index: int) -> dict[str, str]:
        """{column: stripped text} for the row at ``index`` (not its line number)."""
        return dict(zip(self.columns, self.cells[index], strict=True))

    def column_values(self) -> dict[str, tuple[str, ...]]:
        """{column: its cells, row by row}, in one pass over the rows."""
        if not self.cells:
            return dict.fromkeys(self.columns, ())
        return dict(zip(self.columns, zip(*self.cells, strict=True), strict=True))


class CsvFileError(ValueError):
    """The file cannot be read as a table at all; ``errors`` says why."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(error.as_text() for error in errors))
        self.errors = errors


# A spreadsheet saved as CSV can carry formulas; importing one would store its source text,
# and exporting it again would hand a formula to the next spreadsheet.
_FORMULA = re.compile(r"^(=|[+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\s*\()")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def read_csv(
    data: bytes, columns: dict[str, bool], *, aliases: dict[str, str] | None = None, keep_header_errors: bool = False
) -> CsvTable:
    """Parse ``data`` against ``columns`` ({name: required}). Raises CsvFileError for problems that
    stop the file being read (encoding, empty, header); cell problems are left to the importer.

    With ``keep_header_errors`` a wrong header (an unknown, missing or repeated column) does not
    stop the reading: the table keeps those problems in ``header_errors`` so that they are
    reported together with every row's, in one upload."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvFileError(
            [RowError(line, "", str(_l("the file is not UTF-8 text: save it from your spreadsheet as 'CSV UTF-8'")))]
        ) from error
    if "\x00" in text:
        raise CsvFileError([RowError(None, "", str(_l("this is not a CSV text file")))])
    if not text.strip():
        raise CsvFileError([RowError(None, "", str(_l("the file is empty")))])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except csv.Error as error:
        raise CsvFileError([RowError(1, "", str(_l("the header row cannot be read")))]) from error
    header = [(aliases or {}).get(name, name) for name in header]
    errors = []
    unknown = [name for name in header if name not in columns]
    for name in unknown:
        errors.append(RowError(1, name, str(_l("unknown column"))))
    seen = set()
    for name in header:
        if name in seen and name:
            errors.append(RowError(1, name, str(_l("the column appears twice"))))
        seen.add(name)
    for name, required in columns.items():
        if required and name not in header:
            errors.append(RowError(1, name, str(_l("required column is missing"))))
    header_errors = errors
    if header_errors and not keep_header_errors:
        raise CsvFileError(header_errors)
    errors = []
    lines, kept = [], []
    line = 1
    # One copy of each distinct text, shared by every cell that holds it: a big file repeats a
    # few routes, codes and dates a hundred thousand times, and every later pass over the cells
    # (checks, duplicates, the database driver) then compares and hashes shared strings, not
    # scattered ones. It is cheapest here, while each new string is still in the CPU's cache.
    shared = {}.setdefault
    try:
        width = len(header)
        strip = str.strip
        for record in reader:
            line = reader.line_num
            if len(record) != width:
                if len(record) > width:
                    errors.append(RowError(line, "", str(_l("more cells than there are columns"))))
                    continue
                record = record + [""] * (width - len(record))
            cells = list(map(strip, record))
            cells = list(map(shared, cells, cells))
            if any(cells):
                lines.append(line)
                kept.append(cells)
    except csv.Error as error:
        raise CsvFileError([RowError(line + 1, "", str(_l("the row cannot be read as CSV")))]) from error
    if errors:
        raise CsvFileError(header_errors + errors)
    if not lines:
        raise CsvFileError(header_errors + [RowError(None, "", str(_l("the file has a header but no rows")))])
    table = CsvTable(header, lines, kept)
    table.header_errors = header_errors
    return table


class Cells:
    """Checks one row's cells, collecting errors instead of stopping at the first."""

    def __init__(self, line: int, row: dict[str, str], errors: list[RowError]):
        self.line, self.row, self.errors = line, row, errors

    def error(self, column: str, reason) -> None:
        self.errors.append(RowError(self.line, column, str(reason)))

    def text(self, column: str, *, required: bool = False, max_length: int = 200) -> str | None:
        value = self.row.get(column, "")
        if not value:
            if required:
                self.error(column, _l("required"))
            return None
        if _FORMULA.match(value):
            self.error(column, _l("looks like a spreadsheet formula, not a value"))
            return None
        if _CONTROL.search(value):
            self.error(column, _l("contains control characters"))
            return None
        if len(value) > max_length:
            self.error(column, _l("longer than %(n)s characters", n=max_length))
            return None
        return value

    def choice(self, column: str, allowed, *, required: bool = False) -> str | None:
        value = self.text(column, required=required)
        if value is None:
            return None
        code = to_code(value, allowed)
        if code is None:
            shown = ", ".join(sorted(map(str, allowed)))
            self.error(column, _l("'%(value)s' is not one of: %(allowed)s", value=value[:40], allowed=shown))
            return None
        return code

    def date(self, column: str, *, required: bool = False, not_after: date | None = None) -> date | None:
        value = self.text(column, required=required)
        if value is None:
            return None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            self.error(column, _l("'%(value)s' is not a date in the form YYYY-MM-DD", value=value[:40]))
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.error(column, _l("'%(value)s' is not a real date", value=value))
            return None
        if not_after is not None and parsed > not_after:
            self.error(column, _l("%(value)s is in the future", value=value))
            return None
        return parsed

    def whole_number(self, column: str, *, required: bool = False, minimum: int = 0, maximum=None) -> int | None:
        value = self.text(column, required=required)
        if value is None:
            return None
        if not re.fullmatch(r"\d+", value):
            self.error(column, _l("'%(value)s' is not a whole number", value=value[:40]))
            return None
        number = int(value)
        if number < minimum or (maximum is not None and number > maximum):
            self.error(column, _l("must be from %(low)s to %(high)s", low=minimum, high=maximum))
            return None
        return number

    def decimal(self, column: str, *, minimum: float, maximum: float) -> float | None:
        value = self.text(column, max_length=20)
        if value is None:
            return None
        if not re.fullmatch(r"-?\d+(\.\d+)?", value):
            self.error(column, _l("'%(value)s' is not a number", value=value[:40]))
            return None
        number = float(value)
        if not minimum <= number <= maximum:
            self.error(column, _l("must be from %(low)s to %(high)s", low=minimum, high=maximum))
            return None
        return number

    def items(self, column: str, allowed=None, *, required: bool = False) -> list[str]:
        """A ``;``-separated list; every item must be in ``allowed`` when it is given."""
        value = self.text(column, required=required, max_length=2000)
        if value is None:
            return []
        items = [item.strip() for item in value.split(";") if item.strip()]
        if required and not items:
            self.error(column, _l("required"))
        if allowed is not None:
            codes = [to_code(item, allowed) for item in items]
            wrong = [item for item, code in zip(items, codes, strict=True) if code is None]
            if wrong:
                self.error(column, _l("not recognised: %(items)s", items=", ".join(w[:40] for w in wrong[:5])))
                return []
            return codes
        return items

    def email(self, column: str) -> str | None:
        value = self.text(column, max_length=254)
        if value is None:
            return None
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            self.error(column, _l("'%(value)s' is not an email address", value=value[:60]))
            return None
        return value.lower()

    def phone(self, column: str) -> str | None:
        value = self.text(column, max_length=40)
        if value is None:
            return None
        digits = re.sub(r"[\s()\-.]", "", value)
        if not re.fullmatch(r"\+?\d{7,15}", digits):
            self.error(column, _l("'%(value)s' is not a phone number", value=value[:40]))
            return None
        return value

    def postcode(self, column: str) -> str | None:
        from portal.common.postcodes import normalise_postcode

        value = self.text(column, max_length=10)
        if value is None:
            return None
        try:
            return normalise_postcode(value)
        except ValueError:
            self.error(column, _l("'%(value)s' is not a UK postcode", value=value))
            return None


def check_columns(table: CsvTable, checks: dict[str, Callable[[Cells], object]]) -> tuple[dict[str, list], set[int]]:
    """Run each column's cell check once per distinct value instead of once per row; return each
    column's checked values row by row, and the indexes of the rows with a cell that failed.

    A big file repeats itself (a hundred thousand people share a few routes, codes and dates), so
    this is most of the validation time saved. ``checks`` are ``{column: check}``, each a function
    of a ``Cells`` that reads that column alone, e.g. ``lambda cells: cells.date("consent_date")``.
    The failed rows' errors are not kept: the importer checks those rows again cell by cell, so
    that what they report, and in what order, is exactly what the row-by-row checks say.
    """
    failed: set[int] = set()
    checked = {}
    scratch: list[RowError] = []
    columns = table.column_values()
    for column, check in checks.items():
        # A column the file leaves out reads as empty, as it does to Cells.
        values = columns.get(column) or [""] * len(table.lines)
        results, bad = {}, set()
        for value in set(values):
            before = len(scratch)
            results[value] = check(Cells(0, {column: value}, scratch))
            if len(scratch) > before:
                bad.add(value)
        checked[column] = list(map(results.__getitem__, values))
        if bad:
            failed.update(index for index, value in enumerate(values) if value in bad)
    return checked, failed
