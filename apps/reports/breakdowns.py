"""Who the residents present on a day are: by PPKS category, sex, age band, institution kind
and operator, in one query (GROUPING SETS) over the placements present that day.

The placements are read from their profiles (``PlacementProfile``: each placement with the
resident's category, sex and birth date, kept by triggers in the same transaction as every
write), through a covering index on the day the placement ends: the present ones are read
index-only, without visiting the wide residents table (docs/reports.md, "Speed")."""

from dataclasses import dataclass
from datetime import date

from apps.core.dates import add_years
from apps.institutions.models import InstitutionKind, InstitutionOperator, WelfareCategory
from apps.residents.filters import AgeBand
from apps.residents.models import PlacementProfile, Resident

from .census import _PRESENT_ON_SQL, INDEX_LIMIT, _fetch, _institutions_sql, _named

DIMENSIONS = ("category", "sex", "age", "kind", "operator")
UNKNOWN = ""

# Age bands by birth-date cut-offs, the same rule as the residents list's age filter (so a
# count links to the same people), and cheaper than age() on every row.
_AGE_SQL = (
    "CASE WHEN birth_date IS NULL THEN '' "
    + " ".join(
        f"WHEN birth_date > %(born_after_{high})s THEN '{band}' "
        for band, (low, high) in AgeBand.BOUNDS.items()
        if high is not None
    )
    + f"ELSE '{AgeBand.ELDERLY}' END"
)


def _age_params(on: date) -> dict:
    """Born after this day: younger than ``high + 1`` years on ``on``."""
    return {
        f"born_after_{high}": add_years(on, -(high + 1))
        for low, high in AgeBand.BOUNDS.values()
        if high is not None
    }


PROFILE = PlacementProfile._meta.db_table
# Present on D: start <= D < end (no end: still there). The covering indexes are on the
# end day (open placements at infinity), alone and after the institution.
_PRESENT_SQL = (
    "coalesce(upper(s.period), 'infinity'::date) > %(on)s::date AND lower(s.period) <= %(on)s::date"
)


# As ``census.scoped_placements``: two branches, of which PostgreSQL runs one, decided at
# run time by the number of institutions: per institution through its index for a few,
# one range of the end-day index and a hashed list of the institutions for many (``+ 0``
# keeps the planner off the institution index there).
def _present_profiles_sql() -> str:
    return f"""
    SELECT s.welfare_category_id, s.sex, s.birth_date
    FROM {PROFILE} s JOIN inst AS i ON i.id = s.institution_id
    WHERE (SELECT count(*) FROM inst) <= {INDEX_LIMIT} AND {_PRESENT_SQL}
    UNION ALL
    SELECT s.welfare_category_id, s.sex, s.birth_date
    FROM {PROFILE} s
    WHERE (SELECT count(*) FROM inst) > {INDEX_LIMIT} AND s.institution_id + 0 IN (SELECT id FROM inst)
        AND {_PRESENT_SQL}
"""  # noqa: S608 - fixed SQL, values are parameters


@dataclass(frozen=True)
class Share:
    dimension: str
    value: str
    label: str
    residents: int


def breakdown_on(institutions, on: date) -> dict[str, list[Share]]:
    """``{dimension: [Share, ...]}`` of the residents present on ``on`` at ``institutions``,
    each dimension ordered by its choices (one query, plus the category names)."""
    inst_sql, inst_params = _institutions_sql(institutions)
    inst_sql, params = _named(inst_sql, inst_params, {"on": on, **_age_params(on)})
    # People by category, sex and age band from the profiles (a few hundred groups, then
    # summed per dimension; grouped by the category's id, not its text, which costs more
    # than the rest of the scan); kind and operator from the census table's residents per
    # institution (one probe each), as the occupancy figures.
    sql = f"""
WITH inst AS ({inst_sql}),
people AS (
    SELECT welfare_category_id AS category, sex, {_AGE_SQL} AS age, count(*) AS n
    FROM ({_present_profiles_sql()}) AS s
    GROUP BY 1, 2, 3
),
places AS (
    SELECT kind, operator, {_PRESENT_ON_SQL.format(inst="inst.id", day="%(on)s::date")} AS n FROM inst
)
SELECT 'category' AS dimension, category::text AS value, sum(n) AS n FROM people GROUP BY category
UNION ALL SELECT 'sex', sex, sum(n) FROM people GROUP BY 2
UNION ALL SELECT 'age', age, sum(n) FROM people GROUP BY 2
UNION ALL SELECT 'kind', kind, sum(n) FROM places GROUP BY 2 HAVING sum(n) > 0
UNION ALL SELECT 'operator', operator, sum(n) FROM places GROUP BY 2 HAVING sum(n) > 0"""  # noqa: S608
    counts: dict[str, dict[str, int]] = {name: {} for name in DIMENSIONS}
    for row in _fetch(sql, params):
        counts[row["dimension"]][row["value"] or UNKNOWN] = int(row["n"])
    categories = {
        str(pk): (code, name) for pk, code, name in WelfareCategory.objects.values_list("pk", "code", "name")
    }
    labels = {
        "sex": dict(Resident._meta.get_field("sex").choices),
        "age": dict(AgeBand.choices),
        "kind": dict(InstitutionKind.choices),
        "operator": dict(InstitutionOperator.choices),
    }
    result = {}
    for name in DIMENSIONS:
        if name == "category":
            order = sorted(counts[name], key=lambda pk: categories.get(pk, ("~", ""))[0])
            result[name] = [
                Share(name, pk, f"{categories[pk][0]} — {categories[pk][1]}", counts[name][pk])
                for pk in order
            ]
            continue
        order = [value for value in labels[name] if value in counts[name]]
        if UNKNOWN in counts[name]:
            order.append(UNKNOWN)
        result[name] = [
            Share(name, value, str(labels[name].get(value, "—")), counts[name][value]) for value in order
        ]
    return result
