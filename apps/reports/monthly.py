"""Reads of the monthly report pages: the census of a month beside what was submitted."""

from dataclasses import dataclass, field

from django.http import Http404

from apps.institutions.models import Institution
from apps.institutions.scope import UserScope

from . import census
from .dashboard import region_for, scoped_institutions
from .models import SNAPSHOT_FIELDS, MonthlyReport


@dataclass
class MonthlyRow:
    institution: Institution
    month: census.Month
    census: census.Census
    report: MonthlyReport | None
    # (figure, as submitted, as computed now) where a later change altered the submitted month.
    changes: list = field(default_factory=list)

    @property
    def is_revised(self) -> bool:
        return bool(self.changes)


def _changes(report: MonthlyReport | None, row: census.Census) -> list:
    if report is None or not report.is_submitted:
        return []
    return [
        (name, report.snapshot.get(name), getattr(row, name))
        for name in SNAPSHOT_FIELDS
        if report.snapshot.get(name) != getattr(row, name)
    ]


def _rows(institutions, month: census.Month) -> list[MonthlyRow]:
    """Census and report of each institution (three queries: institutions, census, reports)."""
    by_id = {i.pk: i for i in institutions.select_related("region")}
    figures = census.census_by_institution(institutions, [month])
    reports = {
        r.institution_id: r
        for r in MonthlyReport.objects.filter(
            institution_id__in=list(by_id), month=month.first
        ).select_related("submitted_by")
    }
    return [
        MonthlyRow(
            by_id[f.institution_id],
            month,
            f,
            reports.get(f.institution_id),
            _changes(reports.get(f.institution_id), f),
        )
        for f in figures
    ]


def monthly_report_get(*, user, code: str, month: census.Month) -> MonthlyRow:
    """One institution's month, or 404 when the user may not see the institution."""
    institution = Institution.objects.visible_to(user).filter(code=code).first()
    if institution is None:
        raise Http404
    (row,) = _rows(Institution.objects.filter(pk=institution.pk), month)
    return row


def region_monthly(*, user, region_code: str | None, month: census.Month):
    """Every active institution of the region (or of the user) with its month: (region, rows)."""
    scope = UserScope.of(user)
    region = region_for(scope, region_code)
    return region, _rows(scoped_institutions(scope, region), month)
