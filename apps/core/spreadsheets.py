"""Reading XLSX (and CSV) files for imports: rows as dicts keyed by the header."""

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .errors import DomainError


def _clean(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def read_rows(source, *, filename: str | None = None) -> Iterator[tuple[int, dict]]:
    """Yield ``(row_number, {column: value})`` for each non-empty data row.

    Row numbers are those a spreadsheet shows: the header is row 1. ``source`` is a
    path or a binary file object; ``.csv`` files are read as UTF-8 CSV.
    """
    name = filename or (str(source) if isinstance(source, str | Path) else getattr(source, "name", ""))
    if str(name).lower().endswith(".csv"):
        yield from _read_csv(source)
        return
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DomainError("Berkas tidak dapat dibaca sebagai XLSX.") from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return
        keys = [str(h).strip().lower() if h is not None else "" for h in header]
        for number, values in enumerate(rows, start=2):
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            yield number, {k: _clean(v) for k, v in zip(keys, values, strict=False) if k}
    finally:
        workbook.close()


def _read_csv(source):
    if isinstance(source, str | Path):
        fh = open(source, encoding="utf-8-sig", newline="")  # noqa: SIM115
    else:
        fh = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    with fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            return
        keys = [h.strip().lower() for h in header]
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            yield number, {k: _clean(v) for k, v in zip(keys, values, strict=False) if k}


def require_columns(header_keys, required: list[str]) -> None:
    missing = [c for c in required if c not in header_keys]
    if missing:
        raise DomainError("Kolom wajib tidak ada: " + ", ".join(missing))
