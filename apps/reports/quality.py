"""Data quality per institution, ranked for the supervisor: where the records need work.

For each active institution the user may see (inside a region when given):

- of the residents in care on ``on``: the share without NIK, without a birth date, and
  with an estimated birth date (percent, half up to one decimal);
- days since the last record: the latest change to a placement or residential event there;
- months not submitted on time: of the ``MONTHS`` months before ``on``'s month, those whose
  monthly report was not submitted by day ``ON_TIME_DAY`` of the following month.

Ranked worst first: the share of residents with any gap, then late months. Three queries.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from apps.residents.models import Resident, ResidentEvent

from . import census
from .census import _fetch, _institutions_sql, _named, scoped_placements
from .models import MonthlyReport

MONTHS = 6
ON_TIME_DAY = 10


@dataclass
class Quality:
    institution_id: int
    code: str
    name: str
    residents: int
    without_nik: int
    without_birth_date: int
    estimated_birth_date: int
    with_any_gap: int
    days_since_last_record: int | None
    late_months: int = 0

    def pct(self, count: int) -> Decimal | None:
        return census.percent(count, self.residents)

    @property
    def without_nik_pct(self):
        return self.pct(self.without_nik)

    @property
    def without_birth_date_pct(self):
        return self.pct(self.without_birth_date)

    @property
    def estimated_birth_date_pct(self):
        return self.pct(self.estimated_birth_date)

    @property
    def any_gap_pct(self):
        return self.pct(self.with_any_gap)


def deadline(month: census.Month) -> date:
    """The last day to submit ``month``'s report on time: day ``ON_TIME_DAY`` of the next month."""
    return month.next_first.replace(day=ON_TIME_DAY)


def quality_by_institution(institutions, on: date) -> list[Quality]:
    """The figures above for ``institutions``, worst first."""
    inst_sql, inst_params = _institutions_sql(institutions)
    inst_sql, params = _named(inst_sql, inst_params, {"on": on})
    resident = Resident._meta.db_table
    event = ResidentEvent._meta.db_table
    sql = f"""
WITH inst AS ({inst_sql}),
present AS (
    SELECT p.institution_id, r.nik, r.birth_date, r.birth_date_estimated
    FROM {scoped_placements("p.period @> %(on)s::date")} AS p JOIN {resident} r ON r.id = p.resident_id
),
counts AS (
    SELECT institution_id, count(*) AS residents,
        count(*) FILTER (WHERE nik IS NULL) AS without_nik,
        count(*) FILTER (WHERE birth_date IS NULL) AS without_birth_date,
        count(*) FILTER (WHERE birth_date_estimated) AS estimated_birth_date,
        count(*) FILTER (WHERE nik IS NULL OR birth_date IS NULL OR birth_date_estimated) AS with_any_gap
    FROM present GROUP BY institution_id
),
latest AS (
    SELECT p.institution_id, max(GREATEST(p.updated_at, e.updated_at)) AS at
    FROM {scoped_placements("TRUE")} AS p LEFT JOIN {event} e ON e.placement_id = p.id
    GROUP BY p.institution_id
)
SELECT inst.id, inst.code, inst.name, coalesce(c.residents, 0) AS residents,
    coalesce(c.without_nik, 0) AS without_nik, coalesce(c.without_birth_date, 0) AS without_birth_date,
    coalesce(c.estimated_birth_date, 0) AS estimated_birth_date, coalesce(c.with_any_gap, 0) AS with_any_gap,
    (%(on)s::date - (latest.at AT TIME ZONE 'Asia/Jakarta')::date) AS days_since
FROM inst LEFT JOIN counts c ON c.institution_id = inst.id LEFT JOIN latest ON latest.institution_id = inst.id
"""  # noqa: S608 - table names come from the models, values are parameters
    rows = {
        row["id"]: Quality(
            institution_id=row["id"],
            code=row["code"],
            name=row["name"],
            residents=row["residents"],
            without_nik=row["without_nik"],
            without_birth_date=row["without_birth_date"],
            estimated_birth_date=row["estimated_birth_date"],
            with_any_gap=row["with_any_gap"],
            days_since_last_record=row["days_since"],
        )
        for row in _fetch(sql, params)
    }
    # Months whose deadline has passed: the last MONTHS before this one, less any still due.
    months = [m for m in census.last_months(census.Month.of(on).shift(-1), MONTHS) if deadline(m) < on]
    on_time = set()
    if months:
        on_time = {
            (report.institution_id, report.month)
            for report in MonthlyReport.objects.filter(
                institution_id__in=list(rows),
                month__gte=months[0].first,
                month__lte=months[-1].first,
                submitted_at__isnull=False,
            ).only("institution_id", "month", "submitted_at")
            if timezone.localdate(report.submitted_at) <= deadline(census.Month.of(report.month))
        }
    for quality in rows.values():
        quality.late_months = sum((quality.institution_id, m.first) not in on_time for m in months)
    return sorted(rows.values(), key=lambda q: (-(q.any_gap_pct or 0), -q.late_months, q.code))
