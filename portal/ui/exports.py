"""CSV and spreadsheet exports share one rule: a cell must never run as a formula."""

import csv
import io

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value):
    """Text that a spreadsheet would read as a formula gets a leading apostrophe; numbers pass."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def to_csv(header: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([defuse(value) for value in row])
    return buffer.getvalue()


def csv_response(text: str, name: str, *, bom: bool = True) -> Response:
    """Every CSV download in the portal: UTF-8 with a byte-order mark (so Excel reads accents and
    Arabic script; an import template goes without, to be filled in and sent back as it is), as an
    attachment named ``name`` (``.csv`` added when missing)."""
    filename = name if name.endswith(".csv") else f"{name}.csv"
    return Response(
        ("\ufeff" if bom else "") + text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def xlsx_response(sheets: dict[str, tuple[list[str], list]], name: str, *, notes=()) -> Response:
    """A workbook download: a notes sheet (label, value pairs) first, then a sheet per table,
    every cell defused."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "notes"
    for label, value in notes:
        sheet.append([defuse(label), defuse(value)])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 80
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([defuse(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Response(
        buffer.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )
