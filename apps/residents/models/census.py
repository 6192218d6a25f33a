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

from django.contrib.postgres.fields import DateRangeField
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


class PlacementProfile(models.Model):
    """Each placement with the resident attributes the occupancy breakdown counts (PPKS
    category, sex, birth date), kept by triggers of migration ``0009_placement_profile`` on
    ``residents_placement`` and ``residents_resident`` in the same transaction as the write.

    So the residents present on a day are counted from one narrow covering index (the
    placements ending after the day) instead of joining the wide residents table: the
    breakdown answers the same question, from a copy that a test compares with the base
    tables (``profile_differences``). ``census_rebuild()`` rewrites it with the census.
    """

    placement = models.OneToOneField(
        "residents.Placement",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="+",
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    period = DateRangeField()
    welfare_category = models.ForeignKey(
        "institutions.WelfareCategory",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    # A copy of Resident.sex (whose choices and check live on Resident).
    sex = models.CharField(max_length=1)
    birth_date = models.DateField(null=True)

    class Meta:
        verbose_name = _("profil penempatan")
        verbose_name_plural = _("profil penempatan")

    def __str__(self) -> str:
        return f"{self.placement_id}"


def census_rebuild() -> int:
    """Rewrite the whole census table and the placement profiles from the placements
    (after a bulk load with the triggers off, or to check); returns the number of census
    rows. Run inside a transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT residents_profile_rebuild()")
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
    return _differences(f"SELECT * FROM ({EXPECTED_SQL}) AS e", table)  # noqa: S608 - fixed SQL


def _differences(expected: str, table: str) -> tuple[int, int]:
    """``(missing, extra)``: rows of ``expected`` not in ``table`` and the reverse (fixed SQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM ({expected} EXCEPT ALL {table}) AS a), "  # noqa: S608
            f"(SELECT count(*) FROM ({table} EXCEPT ALL {expected}) AS b)"
        )
        return cursor.fetchone()


# The profiles computed straight from the placements and residents.
PROFILE_COLUMNS = "placement_id, institution_id, period, welfare_category_id, sex, birth_date"
PROFILE_EXPECTED_SQL = """
SELECT p.id, p.institution_id, p.period, r.welfare_category_id, r.sex, r.birth_date
FROM residents_placement p JOIN residents_resident r ON r.id = p.resident_id
"""


def profile_differences() -> tuple[int, int]:
    """``(missing, extra)`` of ``residents_placementprofile`` against the placements and
    residents, as ``census_differences``."""
    table = f"SELECT {PROFILE_COLUMNS} FROM residents_placementprofile"  # noqa: S608 - fixed SQL
    return _differences(PROFILE_EXPECTED_SQL, table)
