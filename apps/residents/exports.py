"""The residents list as a spreadsheet (XLSX) or CSV, with the columns the list shows.

NIK is written in full only on rows whose NIK the user may see (permissions.can_view_nik:
staff and heads of one of the resident's institutions, administrators); masked otherwise.
CSV is streamed row by row; XLSX is built in openpyxl's write-only mode.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date

from django.db.models import BooleanField, Exists, OuterRef, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exports import safe_row, safe_text
from apps.institutions.models import Membership
from apps.institutions.scope import UserScope

from .models import Case, Placement
from .permissions import mask_nik

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
    """Add ``age`` and ``nik_display`` (masked unless ``nik_visible``) to listed residents."""
    today = today or timezone.localdate()
    rows = list(residents)
    for r in rows:
        r.age = age_on(r.birth_date, today)
        r.nik_display = (r.nik or "") if getattr(r, "nik_visible", False) else mask_nik(r.nik)
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


def xlsx_bytes(queryset, today: date | None = None) -> bytes:
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
    for r in queryset.iterator(chunk_size=2000):
        sheet.append(safe_row(row_values(r, today)))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def filename(fmt: str, today: date | None = None) -> str:
    today = today or timezone.localdate()
    return f"penerima-manfaat-{today.isoformat()}.{fmt}"
