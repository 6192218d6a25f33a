"""Writing spreadsheets for people to open: never a live formula.

A name such as ``=HYPERLINK("http://...")`` typed into a form would run as a formula
when the export is opened in a spreadsheet program (CSV injection). Every XLSX and CSV
writer passes its cells through ``safe_cell``: text that a spreadsheet would read as a
formula gets a leading apostrophe, shown as text.
"""

from datetime import date

from django.utils.functional import Promise

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` for an XLSX cell: text that starts like a formula is escaped; numbers,
    dates and empty cells pass unchanged."""
    if isinstance(value, Promise):  # a lazy translation
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_text(value) -> str:
    """``value`` as CSV text: dates in ISO form, nothing as empty, formulas escaped."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(str(value))


def safe_row(values) -> list:
    """A row for ``sheet.append``: every cell through ``safe_cell``."""
    return [safe_cell(v) for v in values]


def neutralise_workbook(workbook) -> None:
    """Escape, in place, every cell of a (small, not write-only) workbook that holds a
    formula: for writers that build a sheet cell by cell before saving it."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or isinstance(cell.value, str):
                    cell.value = safe_cell(cell.value)
