"""The residents benchmark command, end to end on small data sets, so it cannot rot."""

from io import StringIO

import pytest
from axes.models import AccessLog as LoginLog
from django.core.management import call_command
from django.db import connection

from apps.institutions.models import Institution
from apps.residents.models import AccessLog, Placement, Resident
from apps.residents.models.census import census_differences

USERS = ("petugas", "pengawas 35", "admin")
PAGES = {
    "daftar": 100,
    "daftar q=adi": 100,
    "daftar filter": 100,
    "daftar hal. 2": 100,
    "jumlah": 100,
    "jumlah q=adi": 100,
    "detail": 50,
}
HEADER = "pengguna     halaman             terlihat HTTP kueri  maks ms   p50 ms   p95 ms  target  hasil"
# Logs that outlive the data set: they are append-only, so --drop clears their links to it.
LOG_TABLES = {AccessLog._meta.db_table, LoginLog._meta.db_table}


def bench(**options) -> dict:
    """Run the command (one timed request per page) and read its table, column by column."""
    out = StringIO()
    call_command("bench_residents", runs=1, no_color=True, stdout=out, **options)
    lines = out.getvalue().splitlines()
    assert HEADER in lines, out.getvalue()
    table = lines[lines.index(HEADER) + 2 : lines.index(HEADER) + 2 + len(USERS) * len(PAGES)]
    rows = {}
    for line in table:
        user, page = line[:12].strip(), line[13:31].strip()
        visible, status, queries, *figures, target, verdict = line[32:].split()
        rows[user, page] = {
            "visible": int(visible.replace(",", "")),
            "status": int(status),
            "queries": int(queries),
            "figures": [float(figure) for figure in figures],
            "target": target,
            "verdict": verdict,
        }
    return rows


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.mark.django_db
def test_bench_measures_every_page_for_every_user_and_drop_removes_only_its_rows(
    admitted_resident, staff_jember
):
    # Fire the deferred foreign-key checks of the rows made above: the bench rebuilds indexes,
    # which PostgreSQL refuses on a table with trigger events still pending.
    connection.check_constraints()
    before = table_counts()
    last_log = AccessLog.objects.order_by("id").values_list("id", flat=True).last() or 0

    rows = bench(residents=200, placements=300, institutions=6)

    assert Institution.objects.filter(code__startswith="BENCH-").count() == 6
    assert Placement.objects.filter(resident__registration_no__startswith="BENCH-").count() == 300
    # The load runs with the triggers off and rebuilds the daily census table at its end.
    assert census_differences() == (0, 0)
    assert set(rows) == {(user, page) for user in USERS for page in PAGES}
    for (_user, page), row in rows.items():
        assert row["status"] == 200
        assert row["queries"] > 0
        _slowest, p50, p95 = row["figures"]
        assert 0 <= p50 <= p95
        assert row["target"] == f"<{PAGES[page]}"
        assert row["verdict"] == ("PASS" if p95 < PAGES[page] else "FAIL")
    visible = {user: rows[user, "daftar"]["visible"] for user in USERS}
    # The administrator sees every resident, the bench's and the one already there; the staff
    # member of one bench institution (in province 35) sees part of what the supervisor sees.
    assert visible["admin"] == 201 == Resident.objects.count()
    assert 0 < visible["petugas"] <= visible["pengawas 35"] < visible["admin"]

    call_command("bench_residents", drop=True, stdout=StringIO())

    after = table_counts()
    assert {t: n for t, n in after.items() if t not in LOG_TABLES} == {
        t: n for t, n in before.items() if t not in LOG_TABLES
    }
    assert AccessLog.objects.filter(id__gt=last_log).exists()
    assert not AccessLog.objects.filter(id__gt=last_log, user__isnull=False).exists()
    assert not AccessLog.objects.filter(id__gt=last_log, resident__isnull=False).exists()
    assert Resident.objects.get() == admitted_resident
    assert census_differences() == (0, 0)


@pytest.mark.django_db
def test_query_counts_are_the_same_on_a_data_set_four_times_larger():
    small = bench(residents=200, placements=300, institutions=6)
    larger = bench(residents=800, placements=1200, institutions=6)

    assert larger["admin", "daftar"]["visible"] == 800
    assert {key: row["queries"] for key, row in larger.items()} == {
        key: row["queries"] for key, row in small.items()
    }
