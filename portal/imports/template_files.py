"""Blank files to fill in for an import: a CSV with the header row, and an Excel workbook whose
choice columns offer the allowed values as drop-downs (data validation), read from a second sheet
so that a long list (the careers catalogue) is not cut short by Excel's 255-character limit."""

import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from portal.imports.labels import shown
from portal.ui.exports import to_csv

ROWS_WITH_DROP_DOWNS = 2000


def template_csv(importer) -> str:
    return to_csv(list(importer.columns), [])


def template_xlsx(importer, allowed: dict[str, dict], titles: dict[str, str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = titles["sheet"]
    values = book.create_sheet(titles["values"])
    sheet.append(list(importer.columns))
    for index, column in enumerate(importer.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column) + 4)
        if column not in allowed:
            continue
        options = [label for _code, label in shown(allowed[column])]
        if not options:
            continue
        values.cell(row=1, column=index, value=column)
        for row, label in enumerate(options, start=2):
            values.cell(row=row, column=index, value=label)
        letter = get_column_letter(index)
        source = f"{quote_sheetname(values.title)}!${letter}$2:${letter}${len(options) + 1}"
        several = column in importer.list_columns
        check = DataValidation(
            type="list", formula1=f"={source}", allow_blank=True,
            # A list column takes several values ("9;10"): offer the values, do not refuse others.
            showErrorMessage=not several, errorTitle=titles["error_title"], error=titles["error"],
            showInputMessage=several, promptTitle=column, prompt=titles["several"] if several else None,
        )  # fmt: skip
        sheet.add_data_validation(check)
        check.add(f"{letter}2:{letter}{ROWS_WITH_DROP_DOWNS}")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
