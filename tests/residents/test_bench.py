"""The residents benchmark command, end to end on a tiny data set, so it cannot rot."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from apps.institutions.models import Institution
from apps.residents.models import Case, Placement, Resident

ROW = re.compile(
    r"^(?P<user>petugas|pengawas 35|admin)\s+(?P<page>daftar.*?|detail)\s+(?P<visible>[\d,]+)\s+"
    r"(?P<status>\d{3})\s+(?P<queries>\d+)\s+[\d.]+\s+(?P<p50>[\d.]+)\s+(?P<p95>[\d.]+)\s+<\d+\s+(PASS|FAIL)$",
    re.MULTILINE,
)


def bench(**options) -> dict:
    out = StringIO()
    call_command("bench_residents", institutions=60, runs=3, stdout=out, **options)
    rows = {(m["user"], m["page"]): m for m in ROW.finditer(out.getvalue())}
    return {"text": out.getvalue(), "rows": rows}


@pytest.mark.django_db
def test_bench_generates_the_data_set_measures_every_page_and_drops_it():
    run = bench(residents=500, placements=700)

    bench_residents = Resident.objects.filter(registration_no__startswith="BENCH-")
    assert Institution.objects.filter(code__startswith="BENCH-").count() == 60
    assert bench_residents.count() == 500
    assert Placement.objects.filter(resident__in=bench_residents).count() == 700
    assert Case.objects.filter(resident__in=bench_residents, closed_on=None).exists()
    assert "session_replication_role" in run["text"] or "DISABLE TRIGGER" in run["text"]
    # Five pages for each of the three users, all served, with their timings.
    assert len(run["rows"]) == 15, run["text"]
    assert {row["status"] for row in run["rows"].values()} == {"200"}
    assert run["rows"][("admin", "daftar")]["visible"] == "500"
    assert float(run["rows"][("admin", "detail")]["p95"]) > 0
    # The staff member sees only part of the residents, the administrator all.
    assert int(run["rows"][("petugas", "daftar")]["visible"].replace(",", "")) < 500

    call_command("bench_residents", drop=True, stdout=StringIO())
    assert not Resident.objects.filter(registration_no__startswith="BENCH-").exists()
    assert not Institution.objects.filter(code__startswith="BENCH-").exists()
    assert not get_user_model().objects.filter(username__startswith="bench_").exists()


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data():
    small = bench(residents=300, placements=450)["rows"]
    call_command("bench_residents", drop=True, stdout=StringIO())
    larger = bench(residents=900, placements=1350)["rows"]
    # Pages whose rows exist in both sizes: the administrator's list, second page and a file.
    for key in (("admin", "daftar"), ("admin", "daftar hal. 2"), ("admin", "detail")):
        assert small[key]["queries"] == larger[key]["queries"], key
