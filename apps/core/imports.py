"""Imports from a spreadsheet as background jobs: upload, template, column names, result.

An app describes an import once (``ImportSpec``: its columns, their Indonesian labels,
the allowed values of coded columns, and the function that writes the rows, all or
none). From that come the downloadable template (a second sheet lists the allowed
values), the acceptance of Indonesian column labels beside the English codes, and a
job kind that reads the stored upload off the request and reports every bad row.
"""

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from . import jobs
from .errors import DomainError, ImportRejected
from .exports import safe_row
from .spreadsheets import read_rows

UPLOAD_FOLDER = "imports"


@dataclass(frozen=True)
class Column:
    code: str  # as in the command's documentation: ``institution_code``
    label: str  # the Indonesian heading a person may use instead: ``Kode lembaga``
    required: bool = False
    example: object = ""


@dataclass(frozen=True)
class ImportSpec:
    kind: str
    title: str
    columns: tuple[Column, ...]
    # ``run(actor, rows, progress, params) -> str``: writes all rows or raises ImportRejected;
    # returns the summary sentence shown on the result page.
    run: Callable
    # Sheet name -> rows (first row a heading) of allowed values, for the template.
    allowed: Callable[[], dict[str, list[list]]] = field(default=lambda: {})

    def aliases(self) -> dict[str, str]:
        names = {}
        for column in self.columns:
            names[column.code] = column.code
            names[column.label.strip().lower()] = column.code
        return names


_SPECS: dict[str, ImportSpec] = {}


def register_import(spec: ImportSpec) -> ImportSpec:
    """Make ``spec`` a job kind (its ``kind``) and a template."""
    _SPECS[spec.kind] = spec
    jobs.register(spec.kind)(lambda job, progress: _run(spec, job, progress))
    return spec


def spec_of(kind: str) -> ImportSpec:
    return _SPECS[kind]


def with_codes(rows, spec: ImportSpec):
    """Rows with their column headings mapped to the codes (labels accepted, any case)."""
    aliases = spec.aliases()
    for number, row in rows:
        yield number, {aliases.get(key, key): value for key, value in row.items()}


def store_upload(upload) -> str:
    """Keep an uploaded file under a random name (no person's name in a path); its name."""
    extension = "csv" if upload.name.lower().endswith(".csv") else "xlsx"
    return default_storage.save(f"{UPLOAD_FOLDER}/{uuid.uuid4().hex}.{extension}", upload)


def import_start(*, actor, kind: str, upload, params: dict | None = None):
    """Store ``upload`` and queue its import; the ``Job`` to follow."""
    name = store_upload(upload)
    return jobs.job_start(actor=actor, kind=kind, params={"file": name, **(params or {})})


def _run(spec: ImportSpec, job, progress) -> dict:
    name = job.params["file"]
    try:
        progress(stage=_("Membaca berkas"))
        with default_storage.open(name, "rb") as handle:
            rows = list(with_codes(read_rows(handle, filename=name), spec))
        progress(done=0, total=len(rows), stage=_("Memeriksa dan menyimpan baris"))
        summary = spec.run(job.created_by, rows, progress, job.params)
    except ImportRejected as rejected:
        errors = [{"row": e.row, "message": e.message} for e in rejected.errors]
        return {"summary": rejected.message, "errors": errors, "rejected": True}
    finally:
        default_storage.delete(name)
    progress(done=len(rows), total=len(rows))
    return {"summary": summary, "errors": []}


def template_workbook(spec: ImportSpec) -> bytes:
    """An empty import file: the column codes, their labels as a note row, an example row,
    and one sheet per list of allowed values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Data")
    sheet.append([c.code for c in spec.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(safe_row([c.example for c in spec.columns]))
    guide = workbook.create_sheet(_("Petunjuk"))
    guide.append([_("Kolom"), _("Judul kolom dalam bahasa Indonesia (boleh dipakai)"), _("Wajib")])
    for column in spec.columns:
        guide.append(safe_row([column.code, column.label, _("ya") if column.required else ""]))
    guide.append([])
    guide.append([_("Baris contoh di lembar Data dihapus atau diganti sebelum diimpor.")])
    for title, rows in spec.allowed().items():
        values = workbook.create_sheet(title[:31])
        for row in rows:
            values.append(safe_row(row))
        for cell in values[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def require_known_columns(rows, spec: ImportSpec) -> None:
    """Refuse a file that lacks a required column (named by code and label)."""
    present = set().union(*(row.keys() for _n, row in rows)) if rows else set()
    missing = [c for c in spec.columns if c.required and c.code not in present]
    if missing:
        names = ", ".join(f"{c.code} ({c.label})" for c in missing)
        raise DomainError(_("Kolom wajib tidak ada: %(columns)s") % {"columns": names})
