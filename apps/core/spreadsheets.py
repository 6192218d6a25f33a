"""Reading XLSX (and CSV) files for imports: rows as dicts keyed by the header.

An upload is hostile until read: an XLSX is a zip of XML that may declare a
million-row dimension, hide a gigabyte behind a few kilobytes, or carry a comment
so long that the XML parser works quadratically through it. So, before anything is
parsed, the packed size, every member's unpacked size and the sheet's comments are
checked against limits; then the rows actually present are read (never the
``<dimension>`` the file declares), and counting stops at the row limit. XML is
parsed through defusedxml (openpyxl uses it when installed): no entity expansion.
Whatever goes wrong comes back as one ``DomainError`` in Indonesian.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext as _

from .errors import DomainError

MAX_PACKED_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 100
# No spreadsheet program writes comments into sheet XML; a long one is an attack on the
# parser (its time grows with the square of a token's length).
MAX_COMMENT_BYTES = 64 * 1024
_CHUNK = 1024 * 1024


class UnreadableFile(DomainError):
    """The file is not a spreadsheet the import can read, or breaks a size limit."""

    def __init__(self, reason: str):
        super().__init__(_("Berkas tidak dapat dibaca: %(reason)s") % {"reason": reason}, code="unreadable")
        self.reason = reason


def _clean(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _size(source) -> int:
    if isinstance(source, str | Path):
        return Path(source).stat().st_size
    position = source.tell()
    source.seek(0, io.SEEK_END)
    size = source.tell()
    source.seek(position)
    return size


def _comment_too_long(member) -> bool:
    """Whether an XML stream holds a comment longer than ``MAX_COMMENT_BYTES`` (streamed)."""
    in_comment, length, tail = False, 0, b""
    while chunk := member.read(_CHUNK):
        data, start = tail + chunk, 0
        while True:
            if not in_comment:
                found = data.find(b"<!--", start)
                if found < 0:
                    break
                in_comment, length, start = True, 0, found + 4
            end = data.find(b"-->", start)
            if end < 0:
                length += len(data) - start
                break
            length += end - start
            if length > MAX_COMMENT_BYTES:
                return True
            in_comment, start = False, end + 3
        if in_comment and length > MAX_COMMENT_BYTES:
            return True
        # A marker split across two chunks is found in the next round.
        tail = data[-3:]
        if in_comment:
            length -= len(tail)
    return False


def check_xlsx(source) -> None:
    """Refuse, before parsing, an XLSX over the size limits or with a parser-bomb comment."""
    if _size(source) > MAX_PACKED_BYTES:
        raise UnreadableFile(_("ukuran berkas lebih dari %(mb)s MB.") % {"mb": MAX_PACKED_BYTES // 2**20})
    try:
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                if info.file_size > MAX_UNPACKED_BYTES:
                    raise UnreadableFile(
                        _("isi berkas lebih dari %(mb)s MB setelah dibuka.")
                        % {"mb": MAX_UNPACKED_BYTES // 2**20}
                    )
            for info in archive.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with archive.open(info) as member:
                        if _comment_too_long(member):
                            raise UnreadableFile(_("lembar kerja berisi komentar XML yang tidak wajar."))
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(_("bukan berkas XLSX.")) from exc
    finally:
        if not isinstance(source, str | Path):
            source.seek(0)


def _too_many_rows():
    return UnreadableFile(_("lebih dari %(n)s baris data.") % {"n": f"{MAX_ROWS:,}".replace(",", ".")})


def _too_many_columns():
    return UnreadableFile(_("lebih dari %(n)s kolom.") % {"n": MAX_COLUMNS})


def _too_wide(values) -> bool:
    """More than ``MAX_COLUMNS`` columns hold something (or the row reaches absurdly far)."""
    if len(values) <= MAX_COLUMNS:
        return False
    return len(values) > 10 * MAX_COLUMNS or any(v not in (None, "") for v in values[MAX_COLUMNS:])


def read_rows(source, *, filename: str | None = None) -> Iterator[tuple[int, dict]]:
    """Yield ``(row_number, {column: value})`` for each non-empty data row.

    Row numbers are those a spreadsheet shows: the header is row 1. ``source`` is a
    path or a binary file object; ``.csv`` files are read as UTF-8 CSV. Raises
    ``UnreadableFile`` for a file it cannot or will not read (see the module's limits).
    """
    name = filename or (str(source) if isinstance(source, str | Path) else getattr(source, "name", ""))
    if str(name).lower().endswith(".csv"):
        yield from _read_csv(source)
        return
    yield from _read_xlsx(source)


def _read_xlsx(source):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_xlsx(source)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError) as exc:
        raise UnreadableFile(_("bukan berkas XLSX yang utuh.")) from exc
    try:
        sheet = workbook.worksheets[0]
        # The declared <dimension> may understate (rows silently dropped) or overstate
        # (a million empty rows padded out): read the rows that are there.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return
        keys = [str(h).strip().lower() if h is not None else "" for h in header]
        if _too_wide(keys):
            raise _too_many_columns()
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                raise _too_many_rows()
            if not values or all(v is None or str(v).strip() == "" for v in values):
                continue
            if _too_wide(values):
                raise _too_many_columns()
            yield number, {k: _clean(v) for k, v in zip(keys, values, strict=False) if k}
    except (ParseError, KeyError, ValueError, TypeError) as exc:
        raise UnreadableFile(
            _("isi lembar kerja rusak (%(error)s).") % {"error": type(exc).__name__}
        ) from exc
    finally:
        workbook.close()


def _read_csv(source):
    if isinstance(source, str | Path):
        if Path(source).stat().st_size > MAX_PACKED_BYTES:
            raise UnreadableFile(_("ukuran berkas lebih dari %(mb)s MB.") % {"mb": MAX_PACKED_BYTES // 2**20})
        fh = open(source, encoding="utf-8-sig", newline="")  # noqa: SIM115
    else:
        if _size(source) > MAX_PACKED_BYTES:
            raise UnreadableFile(_("ukuran berkas lebih dari %(mb)s MB.") % {"mb": MAX_PACKED_BYTES // 2**20})
        fh = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    try:
        with fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                return
            if len(header) > MAX_COLUMNS:
                raise _too_many_columns()
            keys = [h.strip().lower() for h in header]
            for number, values in enumerate(reader, start=2):
                if number > MAX_ROWS + 1:
                    raise _too_many_rows()
                if not any(v.strip() for v in values):
                    continue
                yield number, {k: _clean(v) for k, v in zip(keys, values, strict=False) if k}
    except (UnicodeDecodeError, csv.Error) as exc:
        raise UnreadableFile(_("bukan CSV UTF-8 yang utuh.")) from exc


def require_columns(header_keys, required: list[str]) -> None:
    missing = [c for c in required if c not in header_keys]
    if missing:
        raise DomainError(_("Kolom wajib tidak ada: %(columns)s") % {"columns": ", ".join(missing)})
