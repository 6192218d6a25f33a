"""The same aggregates as the reports, written by hand in plain SQL: the yardstick.

Each returns the rows, so the work is the same (the database computes, Python receives).
"""

from django.db import connection

OCCUPANCY_SQL = """
SELECT i.id, i.capacity, count(p.id) AS residents
FROM institutions_institution i
LEFT JOIN residents_placement p ON p.institution_id = i.id AND p.period @> %(on)s::date
WHERE i.is_active AND (%(region)s = '' OR i.region_id = %(region)s OR i.region_id LIKE %(prefix)s)
GROUP BY i.id
"""

STAFF_SQL = """
SELECT i.id, i.capacity, count(p.id) AS residents
FROM institutions_institution i
JOIN institutions_membership m ON m.institution_id = i.id
JOIN accounts_user u ON u.id = m.user_id AND u.username = %(username)s
LEFT JOIN residents_placement p ON p.institution_id = i.id AND p.period @> %(on)s::date
WHERE i.is_active
GROUP BY i.id
"""

CENSUS_SQL = """
SELECT i.id, i.capacity,
    count(p.id) FILTER (WHERE p.period @> (%(first)s::date - 1)) AS opening,
    count(p.id) FILTER (WHERE lower(p.period) >= %(first)s AND lower(p.period) < %(next)s AND NOT EXISTS (
        SELECT 1 FROM residents_placement q
        WHERE q.resident_id = p.resident_id AND upper(q.period) = lower(p.period)
    )) AS admissions,
    count(p.id) FILTER (WHERE lower(p.period) >= %(first)s AND lower(p.period) < %(next)s AND EXISTS (
        SELECT 1 FROM residents_placement q
        WHERE q.resident_id = p.resident_id AND upper(q.period) = lower(p.period)
    )) AS transfers_in,
    count(p.id) FILTER (WHERE upper(p.period) >= %(first)s AND upper(p.period) < %(next)s AND EXISTS (
        SELECT 1 FROM residents_placement q
        WHERE q.resident_id = p.resident_id AND lower(q.period) = upper(p.period)
    )) AS transfers_out,
    count(p.id) FILTER (WHERE upper(p.period) >= %(first)s AND upper(p.period) < %(next)s AND NOT EXISTS (
        SELECT 1 FROM residents_placement q
        WHERE q.resident_id = p.resident_id AND lower(q.period) = upper(p.period)
    )) AS discharges,
    count(p.id) FILTER (WHERE p.period @> (%(next)s::date - 1)) AS closing,
    coalesce(sum(
        upper(p.period * daterange(%(first)s, %(next)s)) - lower(p.period * daterange(%(first)s, %(next)s))
    ), 0) AS resident_days
FROM institutions_institution i
LEFT JOIN residents_placement p
    ON p.institution_id = i.id AND p.period && daterange((%(first)s::date - 1), %(next)s::date)
WHERE i.is_active
GROUP BY i.id
ORDER BY i.code
"""


# The same question as the page: PPKS, sex, age band on the day, kind and operator of the
# residents present, from the base tables (placements joined with residents).
BREAKDOWN_SQL = """
SELECT r.welfare_category_id, r.sex,
    CASE WHEN r.birth_date IS NULL THEN ''
        WHEN r.birth_date > (%(on)s::date - interval '6 years')::date THEN '0-5'
        WHEN r.birth_date > (%(on)s::date - interval '18 years')::date THEN '6-17'
        WHEN r.birth_date > (%(on)s::date - interval '60 years')::date THEN '18-59'
        ELSE '60+' END AS age,
    i.kind, i.operator, count(*)
FROM residents_placement p
JOIN residents_resident r ON r.id = p.resident_id
JOIN institutions_institution i ON i.id = p.institution_id
WHERE i.is_active AND p.period @> %(on)s::date
GROUP BY GROUPING SETS ((r.welfare_category_id), (r.sex), (3), (i.kind), (i.operator))
"""


def _rows(sql: str, params: dict) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def occupancy(on, region: str = "") -> list:
    return _rows(OCCUPANCY_SQL, {"on": on, "region": region, "prefix": f"{region}.%"})


def occupancy_of_staff(on, username: str) -> list:
    return _rows(STAFF_SQL, {"on": on, "username": username})


def census(month) -> list:
    return _rows(CENSUS_SQL, {"first": month.first, "next": month.next_first})


def breakdown(on) -> list:
    return _rows(BREAKDOWN_SQL, {"on": on})
