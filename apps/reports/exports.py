"""XLSX of the monthly reports, per institution or per region (never a live formula)."""

from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from apps.core.exports import safe_row

from .tables import CENSUS_HEADER

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def monthly_xlsx(rows, *, title: str, filename: str) -> HttpResponse:
    """One row per institution: its name, the census columns of ``census_report``, and who
    submitted the month and when (whether a later change revised it)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(safe_row([title]))
    sheet.append(
        safe_row(["institution_name", *CENSUS_HEADER, "submitted_by", "submitted_at", "revised", "notes"])
    )
    for row in rows:
        c = row.census
        report = row.report
        submitted = report is not None and report.is_submitted
        sheet.append(
            safe_row(
                [
                    row.institution.name,
                    row.institution.code,
                    c.capacity,
                    c.opening,
                    c.admissions,
                    c.transfers_in,
                    c.transfers_out,
                    c.discharges,
                    c.closing,
                    c.resident_days,
                    float(c.average_census),
                    None if c.occupancy_pct is None else float(c.occupancy_pct),
                    (report.submitted_by.get_full_name() or report.submitted_by.username)
                    if submitted
                    else "",
                    timezone.localtime(report.submitted_at).replace(tzinfo=None) if submitted else None,
                    _("ya") if row.is_revised else "",
                    report.notes if report else "",
                ]
            )
        )
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
