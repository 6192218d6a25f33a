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

from apps.residents.models import Case, Placement

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


# The placements overlapping [first - 1 day, last next_first) of the given institutions,
# each with what the counts need. The EXISTS tests run only for starts and ends inside the
# window (CASE evaluates lazily), through the (resident, id) index.
_WINDOW_SQL = f"""
inst AS ({{institutions}}),
m AS (
    SELECT d::date AS f, (d + interval '1 month')::date AS n
    FROM generate_series(%(first)s::date, %(last)s::date, interval '1 month') AS d
),
p AS (
    SELECT p.institution_id, lower(p.period) AS s, upper(p.period) AS e,
        CASE WHEN lower(p.period) >= %(first)s THEN EXISTS (
            SELECT 1 FROM {PLACEMENT} q
            WHERE q.resident_id = p.resident_id AND upper(q.period) = lower(p.period)
        ) END AS continues_in,
        CASE WHEN upper(p.period) >= %(first)s AND upper(p.period) < %(end)s THEN EXISTS (
            SELECT 1 FROM {PLACEMENT} q
            WHERE q.resident_id = p.resident_id AND lower(q.period) = upper(p.period)
        ) END AS continues_out,
        CASE WHEN upper(p.period) >= %(first)s AND upper(p.period) < %(end)s THEN (
            SELECT c.termination_reason FROM {CASE} c WHERE c.id = p.case_id
        ) END AS reason
    FROM {scoped_placements("p.period && daterange((%(first)s::date - 1), %(end)s::date, '[)')")} AS p
)"""  # noqa: S608 - table names come from the models, values are parameters

_COUNTS_SQL = """
    count(*) FILTER (WHERE p.s <= m.f - 1 AND (p.e IS NULL OR p.e > m.f - 1)) AS opening,
    count(*) FILTER (WHERE p.s >= m.f AND p.s < m.n AND NOT p.continues_in) AS admissions,
    count(*) FILTER (WHERE p.s >= m.f AND p.s < m.n AND p.continues_in) AS transfers_in,
    count(*) FILTER (WHERE p.e >= m.f AND p.e < m.n AND p.continues_out) AS transfers_out,
    count(*) FILTER (WHERE p.e >= m.f AND p.e < m.n AND NOT p.continues_out) AS discharges,
    count(*) FILTER (WHERE p.s <= m.n - 1 AND (p.e IS NULL OR p.e > m.n - 1)) AS closing,
    sum(GREATEST(0, LEAST(coalesce(p.e, m.n), m.n) - GREATEST(p.s, m.f))) AS resident_days,
    {reasons}
"""
# The median length of stay, over the month's discharges only (a few rows: cheap to sort).
_MEDIAN_SQL = """
med AS (
    SELECT {key} m.f, percentile_cont(0.5) WITHIN GROUP (ORDER BY p.e - p.s) AS median_stay
    FROM m JOIN p ON p.e >= m.f AND p.e < m.n AND NOT p.continues_out
    GROUP BY {key} m.f
)"""
_OVERLAPS_MONTH = "p.s < m.n AND (p.e IS NULL OR p.e >= m.f)"
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


def _counts_sql() -> str:
    reasons = ",\n    ".join(
        f"count(*) FILTER (WHERE p.e >= m.f AND p.e < m.n AND NOT p.continues_out "
        f"AND p.reason = '{reason}') AS reason_{index}"
        for index, reason in enumerate(TERMINATION_REASONS)
    )
    return _COUNTS_SQL.format(reasons=reasons)


def _params(months: list[Month]) -> dict:
    return {"first": months[0].first, "last": months[-1].first, "end": months[-1].next_first}


def _census_from(row: dict, month: Month, capacity: int) -> Census:
    """A row of counts (None where the month had no placement) as a ``Census``."""
    median = row["median_stay"]
    return Census(
        month=month,
        capacity=capacity,
        median_stay_days=None if median is None else round_half_up(Decimal(str(median))),
        discharges_by_reason={
            reason: row[f"reason_{index}"] or 0 for index, reason in enumerate(TERMINATION_REASONS)
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


def census_by_institution(institutions, months: list[Month]) -> list[Census]:
    """The census of each institution of ``institutions`` for each of ``months`` (consecutive,
    oldest first), ordered by institution code then month: one query."""
    inst_sql, inst_params = _institutions_sql(institutions)
    inst_sql, params = _named(inst_sql, inst_params, _params(months))
    sql = (
        "WITH "  # noqa: S608 - fixed SQL, values are parameters
        + _WINDOW_SQL.format(institutions=inst_sql)
        + f""",
agg AS (
    SELECT p.institution_id AS inst_id, m.f AS month, {_counts_sql()}
    FROM m JOIN p ON {_OVERLAPS_MONTH}
    GROUP BY p.institution_id, m.f
),
{_MEDIAN_SQL.format(key="p.institution_id,")}
SELECT inst.id AS institution_id, inst.code, inst.name, inst.capacity, m.f, agg.*, med.median_stay
FROM inst CROSS JOIN m
LEFT JOIN agg ON agg.inst_id = inst.id AND agg.month = m.f
LEFT JOIN med ON med.institution_id = inst.id AND med.f = m.f
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
        + _WINDOW_SQL.format(institutions=inst_sql)
        + f""",
agg AS (
    SELECT m.f AS month, {_counts_sql()}
    FROM m JOIN p ON {_OVERLAPS_MONTH}
    GROUP BY m.f
),
{_MEDIAN_SQL.format(key="")}
SELECT m.f, (SELECT coalesce(sum(capacity), 0) FROM inst) AS capacity, agg.*, med.median_stay
FROM m LEFT JOIN agg ON agg.month = m.f LEFT JOIN med ON med.f = m.f
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
    SELECT p.institution_id, count(*) AS n FROM {scoped_placements("p.period @> %(on)s::date")} AS p
    GROUP BY p.institution_id
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
