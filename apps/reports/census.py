"""Occupancy and the monthly census: the one definition (docs/reports.md), computed in SQL.

A placement is present on day D when ``start <= D < end`` (no end: still there). For a
month M with first day F and next month's first day N:

- ``opening``: present on F - 1; ``closing``: present on N - 1;
- ``admissions``: placements starting in [F, N) such that no placement of the same resident
  ends on their start day; ``transfers_in``: the other placements starting in [F, N);
- ``transfers_out``: placements ending in [F, N) such that a placement of the same resident
  starts on their end day (the case continues elsewhere); ``discharges``: the other ends;
- so ``closing = opening + admissions + transfers_in - transfers_out - discharges``;
- ``resident_days``: days of [start, end) inside [F, N), summed; ``average_census`` =
  resident_days / days in M; ``occupancy_pct`` = average_census / capacity x 100.

Every page, command, export and the benchmark read these functions: one query per call
whatever the size of the data, the institutions given as a queryset (already scoped).
"""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

from apps.residents.models import Case, CensusDay, Placement

ONE_DECIMAL = Decimal("0.1")
# Below this share of its capacity an institution is "under-used" (strictly below).
UNDER_USED_PCT = 60
TERMINATION_REASONS = tuple(Case.TerminationReason.values)
_MONTH_RE = re.compile(r"^([0-9]{4})-([0-9]{2})$")


def round_half_up(value: Decimal | None) -> Decimal | None:
    """One decimal, half up (96.45 -> 96.5), as published figures are rounded."""
    return None if value is None else value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> Decimal | None:
    """``part / whole x 100`` rounded half up to one decimal; None when ``whole`` is 0."""
    if not whole:
        return None
    return round_half_up(Decimal(part) * 100 / Decimal(whole))


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Month":
        """``2026-10`` as a month; ValueError with an Indonesian message otherwise."""
        match = _MONTH_RE.match((text or "").strip())
        if not match or not 1 <= int(match.group(2)) <= 12 or not 1900 <= int(match.group(1)) <= 9000:
            raise ValueError(f"Bulan tidak valid: {text!r} (format YYYY-MM, mis. 2026-10).")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def next_first(self) -> date:
        return date(self.year + self.month // 12, self.month % 12 + 1, 1)

    @property
    def day_before(self) -> date:
        """The day whose residents are the month's opening."""
        return self.first - timedelta(days=1)

    @property
    def last(self) -> date:
        return self.next_first - timedelta(days=1)

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def shift(self, months: int) -> "Month":
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return self.key


def last_months(until: Month, count: int = 12) -> list[Month]:
    """``count`` months ending with ``until``, oldest first."""
    return [until.shift(-i) for i in range(count - 1, -1, -1)]


@dataclass
class Census:
    """The census of one month, of one institution or summed over several."""

    month: Month
    capacity: int
    opening: int = 0
    admissions: int = 0
    transfers_in: int = 0
    transfers_out: int = 0
    discharges: int = 0
    closing: int = 0
    resident_days: int = 0
    median_stay_days: Decimal | None = None
    discharges_by_reason: dict[str, int] = field(default_factory=dict)
    institution_id: int | None = None
    code: str = ""
    name: str = ""

    @property
    def average_census(self) -> Decimal:
        return round_half_up(Decimal(self.resident_days) / Decimal(self.month.days))

    @property
    def occupancy_pct(self) -> Decimal | None:
        """From the exact average census, rounded once."""
        if not self.capacity:
            return None
        return round_half_up(Decimal(self.resident_days) * 100 / (Decimal(self.month.days) * self.capacity))

    @property
    def discharge_reasons(self) -> list[tuple[str, int]]:
        """``(label, count)`` of the month's discharges by the case's termination reason."""
        labels = dict(Case.TerminationReason.choices)
        return [(labels[reason], n) for reason, n in self.discharges_by_reason.items()]

    @property
    def balances(self) -> bool:
        return self.closing == (
            self.opening + self.admissions + self.transfers_in - self.transfers_out - self.discharges
        )


def _institutions_sql(institutions) -> tuple[str, tuple]:
    """The SQL of a queryset of institutions: rows of id, code, name, capacity, region, kind, operator."""
    queryset = institutions.order_by().values(
        "id", "code", "name", "capacity", "region_id", "kind", "operator"
    )
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


PLACEMENT = Placement._meta.db_table
CASE = Case._meta.db_table
CENSUS_DAY = CensusDay._meta.db_table
# Up to this many institutions, their placements are found through the (institution, period)
# index, one institution at a time; above it (a province, the nation), by one pass over the
# table: 6,000 index probes took 9 s where the pass takes well under one (bench_reports).
INDEX_LIMIT = 50


def scoped_placements(condition: str) -> str:
    """SQL of the placements of the institutions in the ``inst`` CTE meeting ``condition``.

    Two branches of which PostgreSQL runs one, decided once at run time by the number of
    institutions (a one-time filter): the index for a few, a hash join for many. ``+ 0``
    keeps the planner off the index in the second branch.
    """
    return f"""(
    SELECT p.* FROM {PLACEMENT} p JOIN inst AS i ON i.id = p.institution_id
    WHERE (SELECT count(*) FROM inst) <= {INDEX_LIMIT} AND {condition}
    UNION ALL
    SELECT p.* FROM {PLACEMENT} p JOIN inst AS i ON i.id = p.institution_id + 0
    WHERE (SELECT count(*) FROM inst) > {INDEX_LIMIT} AND {condition}
)"""  # noqa: S608 - fixed SQL: the condition is written in this package, values are parameters


# Residents present on a day at one institution, from the daily census table (kept by
# triggers on the placements in the same transaction, apps/residents/models/census.py):
# the count of its last row on or before the day, one probe of the table's primary key.
_PRESENT_ON_SQL = (
    "coalesce((SELECT c.residents FROM " + CENSUS_DAY + " c WHERE c.institution_id = {inst} "  # noqa: S608
    "AND c.day <= {day} ORDER BY c.day DESC LIMIT 1), 0)"
)

# The months asked for, and per institution and month its segments: the count carried in
# from the day before the first (order 0), then each row of the table inside the month.
# Between two rows the count does not change, so resident-days are count x days to the
# next segment (or to the month's end).
_SEGMENTS_SQL = f"""
inst AS ({{institutions}}),
m AS (
    SELECT d::date AS f, (d + interval '1 month')::date AS n
    FROM generate_series(%(first)s::date, %(last)s::date, interval '1 month') AS d
),
seg AS (
    SELECT inst.id AS inst_id, m.f, m.n, 0 AS ord, m.f AS day,
        {_PRESENT_ON_SQL.format(inst="inst.id", day="m.f - 1")} AS residents,
        0 AS admissions, 0 AS transfers_in, 0 AS transfers_out, 0 AS discharges
    FROM inst CROSS JOIN m
    UNION ALL
    SELECT c.institution_id, m.f, m.n, 1, c.day, c.residents,
        c.admissions, c.transfers_in, c.transfers_out, c.discharges
    FROM inst
    JOIN {CENSUS_DAY} c ON c.institution_id = inst.id AND c.day >= %(first)s AND c.day < %(end)s
    JOIN m ON c.day >= m.f AND c.day < m.n
),
timed AS (
    SELECT seg.*, coalesce(
        lead(seg.day) OVER (PARTITION BY seg.inst_id, seg.f ORDER BY seg.day, seg.ord), seg.n
    ) - seg.day AS days
    FROM seg
)"""  # noqa: S608 - table names come from the models, values are parameters

_COUNTS_SQL = """
    sum(residents) FILTER (WHERE ord = 0) AS opening,
    sum(admissions) AS admissions,
    sum(transfers_in) AS transfers_in,
    sum(transfers_out) AS transfers_out,
    sum(discharges) AS discharges,
    sum(closing) AS closing,
    sum(residents * days) AS resident_days
"""

# The month's discharges (ends with no placement of the same resident starting that day)
# by the case's termination reason, and their median length of stay: read from the
# placements ending inside the months, a few rows.
_DETAILS_SQL = f"""
ends AS (
    SELECT p.institution_id AS inst_id, m.f, upper(p.period) - lower(p.period) AS stay,
        (SELECT c.termination_reason FROM {CASE} c WHERE c.id = p.case_id) AS reason
    FROM {
    scoped_placements(
        "p.period && daterange((%(first)s::date - 1), %(end)s::date, '[)') "
        "AND upper(p.period) >= %(first)s AND upper(p.period) < %(end)s"
    )
} AS p
    JOIN m ON upper(p.period) >= m.f AND upper(p.period) < m.n
    WHERE NOT EXISTS (
        SELECT 1 FROM {PLACEMENT} q WHERE q.resident_id = p.resident_id AND lower(q.period) = upper(p.period)
    )
),
det AS (
    SELECT {{key}} f, percentile_cont(0.5) WITHIN GROUP (ORDER BY stay) AS median_stay, {{reasons}}
    FROM ends GROUP BY {{key}} f
)"""  # noqa: S608 - table names come from the models, values are parameters
# The counted figures of a month, in the order every table shows them.
COUNT_FIELDS = (
    "opening",
    "admissions",
    "transfers_in",
    "transfers_out",
    "discharges",
    "closing",
    "resident_days",
)


def _details_sql(key: str) -> str:
    reasons = ", ".join(
        f"count(*) FILTER (WHERE reason = '{reason}') AS reason_{index}"
        for index, reason in enumerate(TERMINATION_REASONS)
    )
    return _DETAILS_SQL.format(key=key, reasons=reasons)


def _segments_with_closing() -> str:
    # closing: the count of the month's last segment (present on its last day).
    return """,
last AS (
    SELECT timed.*, CASE WHEN row_number() OVER (
        PARTITION BY inst_id, f ORDER BY day DESC, ord DESC) = 1 THEN residents ELSE 0 END AS closing
    FROM timed
)"""


def _params(months: list[Month]) -> dict:
    return {"first": months[0].first, "last": months[-1].first, "end": months[-1].next_first}


def _census_from(row: dict, month: Month, capacity: int) -> Census:
    """A row of counts (None where details were not asked for) as a ``Census``."""
    median = row.get("median_stay")
    return Census(
        month=month,
        capacity=capacity,
        median_stay_days=None if median is None else round_half_up(Decimal(str(median))),
        discharges_by_reason={
            reason: row.get(f"reason_{index}") or 0 for index, reason in enumerate(TERMINATION_REASONS)
        },
        **{name: int(row[name] or 0) for name in COUNT_FIELDS},
    )


def _fetch(sql: str, params: dict) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _named(sql: str, institution_params: tuple, params: dict) -> tuple[str, dict]:
    """Turn the queryset's positional ``%s`` into named parameters beside ours."""
    names = {f"inst_{i}": value for i, value in enumerate(institution_params)}
    escaped = sql.replace("%%", "%%%%")
    named = escaped % tuple(f"%({name})s" for name in names) if names else escaped
    return named, {**params, **names}


def _reason_columns() -> str:
    return "".join(f", det.reason_{index}" for index in range(len(TERMINATION_REASONS)))


def census_by_institution(institutions, months: list[Month], *, details: bool = True) -> list[Census]:
    """The census of each institution of ``institutions`` for each of ``months`` (consecutive,
    oldest first), ordered by institution code then month: one query. ``details``: also the
    discharges by reason and the median stay (the command and open data need neither)."""
    inst_sql, inst_params = _institutions_sql(institutions)
    inst_sql, params = _named(inst_sql, inst_params, _params(months))
    detail_cte = ",\n" + _details_sql("inst_id,") if details else ""
    detail_join = "LEFT JOIN det ON det.inst_id = inst.id AND det.f = m.f" if details else ""
    detail_columns = f", det.median_stay{_reason_columns()}" if details else ""
    sql = (
        "WITH "  # noqa: S608 - fixed SQL, values are parameters
        + _SEGMENTS_SQL.format(institutions=inst_sql)
        + _segments_with_closing()
        + f""",
agg AS (SELECT inst_id, f AS agg_month, {_COUNTS_SQL} FROM last GROUP BY inst_id, f){detail_cte}
SELECT inst.id AS institution_id, inst.code, inst.name, inst.capacity, m.f, agg.*{detail_columns}
FROM inst CROSS JOIN m
LEFT JOIN agg ON agg.inst_id = inst.id AND agg.agg_month = m.f
{detail_join}
ORDER BY inst.code, inst.id, m.f"""  # noqa: S608 - fixed SQL, values are parameters
    )
    result = []
    for row in _fetch(sql, params):
        census = _census_from(row, Month.of(row["f"]), row["capacity"])
        census.institution_id, census.code, census.name = row["institution_id"], row["code"], row["name"]
        result.append(census)
    return result


def census_totals(institutions, months: list[Month]) -> list[Census]:
    """The census of ``institutions`` together, for each of ``months`` (consecutive, oldest
    first); capacity is their capacity today (no history of capacity is kept). One query."""
    inst_sql, inst_params = _institutions_sql(institutions)
    inst_sql, params = _named(inst_sql, inst_params, _params(months))
    sql = (
        "WITH "  # noqa: S608 - fixed SQL, values are parameters
        + _SEGMENTS_SQL.format(institutions=inst_sql)
        + _segments_with_closing()
        + f""",
agg AS (SELECT f AS agg_month, {_COUNTS_SQL} FROM last GROUP BY f),
{_details_sql("")}
SELECT m.f, (SELECT coalesce(sum(capacity), 0) FROM inst) AS capacity, agg.*,
    det.median_stay{_reason_columns()}
FROM m LEFT JOIN agg ON agg.agg_month = m.f LEFT JOIN det ON det.f = m.f
ORDER BY m.f"""  # noqa: S608 - fixed SQL, values are parameters
    )
    return [_census_from(row, Month.of(row["f"]), int(row["capacity"])) for row in _fetch(sql, params)]


@dataclass
class Occupancy:
    """Places taken on one day, of one institution or a group of them."""

    key: str
    capacity: int
    residents: int
    institutions: int = 1
    over_capacity: int = 0
    under_used: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def occupancy_pct(self) -> Decimal | None:
        return percent(self.residents, self.capacity)

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.residents)

    @property
    def is_over_capacity(self) -> bool:
        return self.residents > self.capacity

    @property
    def is_under_used(self) -> bool:
        return self.residents * 100 < self.capacity * UNDER_USED_PCT


# Group keys of ``occupancy_on``: an institution, or the province / kab/kota of its region.
GROUP_KEYS = {
    "institution": "inst.id::text",
    "province": "left(inst.region_id, 2)",
    "regency": "left(inst.region_id, 5)",
}


def occupancy_on(institutions, on: date, *, group_by: str = "institution") -> list[Occupancy]:
    """Capacity and residents present on ``on`` of ``institutions``, per institution or per
    province / kab/kota (with how many of their institutions are over capacity or under-used),
    ordered by key: one query."""
    key = GROUP_KEYS[group_by]
    inst_sql, inst_params = _institutions_sql(institutions)
    inst_sql, params = _named(inst_sql, inst_params, {"on": on})
    sql = f"""
WITH inst AS ({inst_sql}),
occ AS (
    SELECT inst.id AS institution_id, {_PRESENT_ON_SQL.format(inst="inst.id", day="%(on)s::date")} AS n
    FROM inst
)
SELECT {key} AS key, count(*) AS institutions, sum(inst.capacity) AS capacity,
    sum(coalesce(occ.n, 0)) AS residents,
    count(*) FILTER (WHERE coalesce(occ.n, 0) > inst.capacity) AS over_capacity,
    count(*) FILTER (WHERE coalesce(occ.n, 0) * 100 < inst.capacity * {UNDER_USED_PCT}) AS under_used
FROM inst LEFT JOIN occ ON occ.institution_id = inst.id
GROUP BY 1 ORDER BY 1"""  # noqa: S608 - the key is one of GROUP_KEYS, values are parameters
    return [
        Occupancy(
            key=row["key"],
            capacity=int(row["capacity"]),
            residents=int(row["residents"]),
            institutions=row["institutions"],
            over_capacity=row["over_capacity"],
            under_used=row["under_used"],
        )
        for row in _fetch(sql, params)
    ]


def total(rows: list[Occupancy], key: str = "total") -> Occupancy:
    """The sum of ``rows`` (a level's total line)."""
    return Occupancy(
        key=key,
        capacity=sum(r.capacity for r in rows),
        residents=sum(r.residents for r in rows),
        institutions=sum(r.institutions for r in rows),
        over_capacity=sum(r.over_capacity for r in rows),
        under_used=sum(r.under_used for r in rows),
    )
