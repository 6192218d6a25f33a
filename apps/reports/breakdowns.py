"""Who the residents present on a day are: by PPKS category, sex, age band, institution kind
and operator, in one query (GROUPING SETS) over the placements present that day."""

from dataclasses import dataclass
from datetime import date

from apps.core.dates import add_years
from apps.institutions.models import InstitutionKind, InstitutionOperator, WelfareCategory
from apps.residents.filters import AgeBand
from apps.residents.models import Resident

from .census import _fetch, _institutions_sql, _named, scoped_placements

DIMENSIONS = ("category", "sex", "age", "kind", "operator")
UNKNOWN = ""

# Age bands by birth-date cut-offs, the same rule as the residents list's age filter (so a
# count links to the same people), and cheaper than age() on every row.
_AGE_SQL = (
    "CASE WHEN r.birth_date IS NULL THEN '' "
    + " ".join(
        f"WHEN r.birth_date > %(born_after_{high})s THEN '{band}' "
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
    resident = Resident._meta.db_table
    sql = f"""
WITH inst AS ({inst_sql}),
present AS (
    SELECT r.welfare_category_id::text AS category, r.sex, {_AGE_SQL} AS age, i.kind, i.operator
    FROM {scoped_placements("p.period @> %(on)s::date")} AS p
    JOIN inst AS i ON i.id = p.institution_id
    JOIN {resident} r ON r.id = p.resident_id
)
SELECT category, sex, age, kind, operator, count(*) AS n,
    GROUPING(category) AS g_category, GROUPING(sex) AS g_sex, GROUPING(age) AS g_age,
    GROUPING(kind) AS g_kind, GROUPING(operator) AS g_operator
FROM present
GROUP BY GROUPING SETS ((category), (sex), (age), (kind), (operator))"""  # noqa: S608 - fixed SQL
    counts: dict[str, dict[str, int]] = {name: {} for name in DIMENSIONS}
    for row in _fetch(sql, params):
        for name in DIMENSIONS:
            if row[f"g_{name}"] == 0:
                counts[name][row[name] or UNKNOWN] = row["n"]
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
