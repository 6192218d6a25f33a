"""The reports benchmark command, end to end on a small data set, so it cannot rot."""

from io import StringIO

import pytest
from django.core.management import call_command

from benchmarks.reports.measure import HEADER

pytestmark = pytest.mark.django_db

LABELS = (
    "keterisian nasional (admin)",
    "keterisian provinsi 35",
    "rincian PM nasional (admin)",
    "keterisian lembaga (petugas)",
    "census_report",
)


def test_bench_reports_measures_each_report_beside_plain_sql():
    out = StringIO()
    call_command(
        "bench_reports",
        institutions=30,
        residents=300,
        placements=450,
        runs=1,
        month="2025-03",
        no_color=True,
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert HEADER in lines, out.getvalue()
    rows = lines[lines.index(HEADER) + 2 : lines.index(HEADER) + 7]
    assert [row.startswith(label) for row, label in zip(rows, LABELS, strict=True)] == [True] * 5
    for row in rows:
        status, queries = row[29:].split()[:2]
        assert status == "200" and int(queries) > 0
