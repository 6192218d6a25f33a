"""The residents list as a spreadsheet (XLSX) or CSV, with the columns the list shows.

NIK is written in full only on rows whose NIK the user may see (permissions.can_view_nik:
staff and heads of one of the resident's institutions, administrators); masked otherwise.
(On the screen the list masks every NIK: see ``decorate``.)
CSV is streamed row by row; XLSX is built in openpyxl's write-only mode. A list longer
than ``EXPORT_INLINE_LIMIT`` rows (a setting, default 5,000) is written to XLSX by a
background job (``residents_export``) into the default storage under a random name, and
downloaded from its result page by the user who started it. The file stays there until a
cleanup removes it (none yet).
"""

import csv
import io
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from datetime import date

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import BooleanField, Exists, OuterRef, Subquery, Value
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import jobs
from apps.core.exports import safe_row, safe_text
from apps.core.models import Job
from apps.institutions.models import Membership
from apps.institutions.scope import UserScope

from . import selectors
from .filters import ResidentFilter
from .models import Case, Placement
from .permissions import mask_nik

EXPORT_KIND = "residents_export"
EXPORT_FOLDER = "exports"
PROGRESS_EVERY = 500

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Cells starting with these are formulas to a spreadsheet program: never let data run as one.


def with_listing_columns(queryset, *, user):
    """Annotate what the list and the export show besides the selector's columns: the last
    admission date, whether the PM was ever placed, and whether the user may see the full NIK."""
    last_case = Case.objects.filter(resident_id=OuterRef("pk")).order_by("-opened_on", "-id")
    queryset = queryset.annotate(
        last_admitted_on=Subquery(last_case.values("opened_on")[:1]),
        ever_placed=Exists(Placement.objects.filter(resident_id=OuterRef("pk"))),
    )
    scope = UserScope.of(user)
    if scope.is_admin:
        return queryset.annotate(nik_visible=Value(True, output_field=BooleanField()))
    # Same rule as permissions.can_view_nik, per row and inside the one query.
    mine = Membership.objects.filter(user_id=scope.user.pk).values("institution_id")
    placed_at_mine = Placement.objects.filter(resident_id=OuterRef("pk"), institution_id__in=mine)
    return queryset.annotate(
        nik_visible=Exists(mine.filter(institution_id=OuterRef("registered_at_id"))) | Exists(placed_at_mine)
    )


def age_on(birth_date: date | None, today: date) -> int | None:
    if birth_date is None:
        return None
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def decorate(residents: Iterable, today: date | None = None) -> list:
    """Add ``age`` and ``nik_display`` to residents listed on screen: the NIK masked for
    everyone (a list is read over shoulders; the full number is on the file)."""
    today = today or timezone.localdate()
    rows = list(residents)
    for r in rows:
        r.age = age_on(r.birth_date, today)
        r.nik_display = mask_nik(r.nik)
    return rows


def headers() -> list[str]:
    return [
        _("No. registrasi"),
        _("Nama lengkap"),
        _("Nama panggilan"),
        _("NIK"),
        _("Jenis kelamin"),
        _("Tanggal lahir"),
        _("Tanggal lahir perkiraan"),
        _("Usia"),
        _("Kategori PPKS"),
        _("Lembaga pendaftar"),
        _("Lembaga saat ini"),
        _("Status"),
        _("Tanggal masuk terakhir"),
    ]


def row_values(r, today: date) -> list:
    if r.current_institution_name:
        status = _("Dalam panti")
    elif r.ever_placed:
        status = _("Sudah keluar")
    else:
        status = _("Luar panti")
    return [
        r.registration_no,
        r.full_name,
        r.nickname,
        (r.nik or "") if r.nik_visible else mask_nik(r.nik),
        r.get_sex_display(),
        r.birth_date,
        _("ya") if r.birth_date_estimated else _("tidak"),
        age_on(r.birth_date, today),
        r.welfare_category.code,
        r.registered_at.name,
        r.current_institution_name or "",
        status,
        r.last_admitted_on,
    ]


def csv_stream(queryset, today: date | None = None) -> Iterator[str]:
    """Lines of a CSV file (UTF-8 with BOM, so spreadsheet programs read the accents)."""
    today = today or timezone.localdate()
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return value

    writer.writerow(headers())
    yield "\ufeff" + flush()
    for r in queryset.iterator(chunk_size=2000):
        writer.writerow([safe_text(v) for v in row_values(r, today)])
        yield flush()


def export_inline_limit() -> int:
    """Above this many rows an XLSX export is a background job."""
    return getattr(settings, "EXPORT_INLINE_LIMIT", 5000)


def listing_rows(scope, data):
    """The filter and the residents list of ``scope`` filtered by ``data`` (a QueryDict), with
    the listing's columns: what the list shows and the export writes."""
    queryset = selectors.resident_list(user=scope)
    filterset = ResidentFilter(data or None, queryset=queryset, user=scope)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    return filterset, with_listing_columns(rows, user=scope)


def xlsx_bytes(queryset, today: date | None = None) -> bytes:
    out = io.BytesIO()
    xlsx_write(queryset, out, today)
    return out.getvalue()


def xlsx_write(queryset, out, today: date | None = None, *, progress=None, total: int = 0) -> None:
    """Write the XLSX of ``queryset`` to the binary file ``out``, telling ``progress`` how far."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    today = today or timezone.localdate()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Penerima manfaat"))
    bold = Font(bold=True)
    header_cells = []
    for title in headers():
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for done, r in enumerate(queryset.iterator(chunk_size=2000), start=1):
        sheet.append(safe_row(row_values(r, today)))
        if progress and done % PROGRESS_EVERY == 0:
            progress(done=done, total=max(total, done))
    workbook.save(out)


def filename(fmt: str, today: date | None = None) -> str:
    today = today or timezone.localdate()
    return f"penerima-manfaat-{today.isoformat()}.{fmt}"


def export_start(*, actor, data: QueryDict, count: int) -> Job:
    """Queue the XLSX export of the list filtered by ``data``; the job to follow."""
    return jobs.job_start(
        actor=actor, kind=EXPORT_KIND, params={"filters": dict(data.lists()), "count": count}
    )


@jobs.register(EXPORT_KIND)
def _export(job, progress) -> dict:
    filters = job.params.get("filters", {})
    data = QueryDict(mutable=True)
    for key, values in filters.items():
        data.setlist(key, values)
    try:
        progress(done=0, total=job.params.get("count", 0), stage=_("Menulis XLSX"))
        _filterset, rows = listing_rows(UserScope.of(job.created_by), data)
        with tempfile.TemporaryFile() as handle:
            xlsx_write(rows, handle, progress=progress, total=job.params.get("count", 0))
            count = job.params.get("count", 0)
            progress(done=count, total=count, stage=_("Menyimpan berkas"))
            handle.seek(0)
            name = default_storage.save(f"{EXPORT_FOLDER}/{uuid.uuid4().hex}.xlsx", File(handle))
    finally:
        # The search text may be a name or a NIK: it leaves the job once the job has run.
        if "q" in filters:
            kept = {k: v for k, v in filters.items() if k != "q"}
            Job.objects.filter(pk=job.pk).update(params={**job.params, "filters": kept})
    return {
        "summary": _("%(count)s PM ditulis ke XLSX.") % {"count": count},
        "file": name,
        "filename": filename("xlsx"),
        "download": reverse("residents:export_download", args=[job.pk]),
    }
