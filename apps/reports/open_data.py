"""Open data: per institution and month, capacity, average census, admissions and discharges,
as CSV and JSON for Satu Data Indonesia portals. Public (no login), no personal data; counts
from 1 to 4 are published as ``<5`` so a small panti's figures point at no one. The setting
``OPEN_DATA_ENABLED`` turns it off (404)."""

import csv
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.utils import timezone

from apps.core.exports import safe_text
from apps.institutions.models import Institution

from . import census

HEADER = (
    "month",
    "institution_code",
    "institution_name",
    "kind",
    "operator",
    "region_code",
    "capacity",
    "average_census",
    "admissions",
    "discharges",
)
SMALL = "<5"


def suppress(count: int) -> int | str:
    """A count as published: 1 to 4 become ``<5``; 0 and 5 or more stay as they are."""
    return SMALL if 0 < count < 5 else count


def open_data_rows(month: census.Month) -> list[dict]:
    """Every active institution's figures for ``month``, ordered by code (two queries)."""
    institutions = Institution.objects.active()
    details = {row["id"]: row for row in institutions.values("id", "kind", "operator", "region_id")}
    return [
        {
            "month": month.key,
            "institution_code": row.code,
            "institution_name": row.name,
            "kind": details[row.institution_id]["kind"],
            "operator": details[row.institution_id]["operator"],
            "region_code": details[row.institution_id]["region_id"],
            "capacity": row.capacity,
            "average_census": row.average_census,
            "admissions": suppress(row.admissions),
            "discharges": suppress(row.discharges),
        }
        for row in census.census_by_institution(institutions, [month], details=False)
    ]


@login_not_required
def open_data_view(request, month: str, fmt: str):
    if not settings.OPEN_DATA_ENABLED:
        raise Http404
    try:
        month = census.Month.parse(month)
    except ValueError as exc:
        raise Http404 from exc
    if month > census.Month.of(timezone.localdate()):
        raise Http404
    rows = open_data_rows(month)
    filename = f"sensus-panti-{month.key}.{fmt}"
    if fmt == "json":
        data = [{**row, "average_census": float(row["average_census"])} for row in rows]
        response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/json")
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv.writer(response, lineterminator="\n")
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow([safe_text(row[name]) for name in HEADER])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
