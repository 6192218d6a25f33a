"""The daily census table: placements present per institution on each day something
starts or ends there, kept by PostgreSQL triggers on ``residents_placement``.

A materialisation of the placements, never written by the app: the triggers of
migration ``0005_census_day`` rewrite an institution's rows from the first day a
statement changes (in the same transaction as the write), and ``rebuild_census`` (or
``census_rebuild()`` after a bulk load with the triggers off) rewrites them all. The
reports read it (``apps/reports/census.py``) so that occupancy on a day is one index
probe per institution instead of a count over every placement present.

Between two rows of an institution the count does not change: the residents present on
day D are those of the row with the last ``day <= D`` (0 when there is none). The
definitions (docs/reports.md): present on D when ``start <= D < end``; a start is a
transfer in when a placement of the same resident ends that day, else an admission; an
end is a transfer out when a placement of the same resident starts that day, else a
discharge.
"""

from django.db import connection, models
from django.utils.translation import gettext_lazy as _


class CensusDay(models.Model):
    pk = models.CompositePrimaryKey("institution", "day")
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    # Present on ``day`` (start <= day < end), then on every day up to the next row.
    residents = models.PositiveIntegerField()
    admissions = models.PositiveIntegerField()
    transfers_in = models.PositiveIntegerField()
    transfers_out = models.PositiveIntegerField()
    discharges = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("sensus harian")
        verbose_name_plural = _("sensus harian")

    def __str__(self) -> str:
        return f"{self.institution_id} {self.day}: {self.residents}"


def census_rebuild() -> int:
    """Rewrite the whole table from the placements (after a bulk load with the triggers
    off, or to check); returns the number of rows. Run inside a transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT residents_census_rebuild()")
        return cursor.fetchone()[0]


# The table's rows computed straight from the placements, written independently of the
# triggers' functions (a count per boundary day): what ``census_differences`` and the
# tests compare the table with.
EXPECTED_SQL = """
WITH boundary AS (
    SELECT institution_id, lower(period) AS day FROM residents_placement
    UNION
    SELECT institution_id, upper(period) FROM residents_placement WHERE NOT upper_inf(period)
)
SELECT b.institution_id, b.day,
    (SELECT count(*) FROM residents_placement p
     WHERE p.institution_id = b.institution_id AND p.period @> b.day)::int AS residents,
    (SELECT count(*) FROM residents_placement p
     WHERE p.institution_id = b.institution_id AND lower(p.period) = b.day AND NOT EXISTS (
         SELECT 1 FROM residents_placement q WHERE q.resident_id = p.resident_id AND upper(q.period) = b.day
     ))::int AS admissions,
    (SELECT count(*) FROM residents_placement p
     WHERE p.institution_id = b.institution_id AND lower(p.period) = b.day AND EXISTS (
         SELECT 1 FROM residents_placement q WHERE q.resident_id = p.resident_id AND upper(q.period) = b.day
     ))::int AS transfers_in,
    (SELECT count(*) FROM residents_placement p
     WHERE p.institution_id = b.institution_id AND upper(p.period) = b.day AND EXISTS (
         SELECT 1 FROM residents_placement q WHERE q.resident_id = p.resident_id AND lower(q.period) = b.day
     ))::int AS transfers_out,
    (SELECT count(*) FROM residents_placement p
     WHERE p.institution_id = b.institution_id AND upper(p.period) = b.day AND NOT EXISTS (
         SELECT 1 FROM residents_placement q WHERE q.resident_id = p.resident_id AND lower(q.period) = b.day
     ))::int AS discharges
FROM boundary b
"""
COLUMNS = "institution_id, day, residents, admissions, transfers_in, transfers_out, discharges"


def census_differences() -> tuple[int, int]:
    """``(missing, extra)``: rows the placements call for that the table lacks (or holds
    with other figures), and rows the table holds that they do not call for."""
    table = f"SELECT {COLUMNS} FROM residents_censusday"  # noqa: S608 - fixed SQL
    expected = f"SELECT * FROM ({EXPECTED_SQL}) AS e"  # noqa: S608 - fixed SQL
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM ({expected} EXCEPT ALL {table}) AS a), "  # noqa: S608
            f"(SELECT count(*) FROM ({table} EXCEPT ALL {expected}) AS b)"
        )
        return cursor.fetchone()
