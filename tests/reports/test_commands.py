"""The two report commands: exact output (header, order, rounding), JSON, and refusals."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import InstitutionFactory

from .fixtures import march

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_occupancy_report_prints_one_row_per_active_institution_by_code(jember, tuban, semarang):
    march(jember, tuban)
    InstitutionFactory(code="UPT-OFF", name="Tutup", is_active=False)
    assert run("occupancy_report", "--date", "2025-03-01") == (
        "institution_code,institution_name,capacity,residents,occupancy_pct\n"
        "JTG-SMG,Panti Semarang,5,0,0.0\n"
        "UPT-JBR,UPT PSTW Jember,3,4,133.3\n"
        "UPT-TBN,UPT PSBG Tuban,5,0,0.0\n"
    )


def test_occupancy_report_of_a_region_as_json(jember, tuban, semarang):
    march(jember, tuban)
    data = json.loads(
        run("occupancy_report", "--date", "2025-03-15", "--region", "35.23", "--format", "json")
    )
    assert data == [
        {
            "institution_code": "UPT-TBN",
            "institution_name": "UPT PSBG Tuban",
            "capacity": 5,
            "residents": 1,
            "occupancy_pct": 20.0,
        }
    ]


def test_census_report_prints_the_hand_computed_month(jember, tuban, semarang):
    march(jember, tuban)
    assert run("census_report", "--month", "2025-03", "--region", "35") == (
        "institution_code,capacity,opening,admissions,transfers_in,transfers_out,discharges,closing,"
        "resident_days,average_census,occupancy_pct\n"
        "UPT-JBR,3,4,2,0,1,2,3,87,2.8,93.5\n"
        "UPT-TBN,5,0,1,1,0,1,1,18,0.6,11.6\n"
    )


def test_census_report_of_one_institution_as_json_has_decimal_numbers(jember, tuban):
    march(jember, tuban)
    text = run("census_report", "--month", "2025-03", "--institution", "upt-jbr", "--format", "json")
    assert '"average_census": 2.8' in text and '"occupancy_pct": 93.5' in text
    (row,) = json.loads(text)
    assert row["institution_code"] == "UPT-JBR" and row["resident_days"] == 87
    assert list(row) == [
        "institution_code", "capacity", "opening", "admissions", "transfers_in", "transfers_out",
        "discharges", "closing", "resident_days", "average_census", "occupancy_pct",
    ]  # fmt: skip


def test_census_report_of_all_active_institutions_by_default(jember, tuban, semarang):
    lines = run("census_report", "--month", "2025-03").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["JTG-SMG", "UPT-JBR", "UPT-TBN"]
    assert lines[1] == "JTG-SMG,5,0,0,0,0,0,0,0,0.0,0.0"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("occupancy_report", "--date", "2025-02-30"), "Tanggal tidak valid"),
        (("occupancy_report", "--date", "2025-03-01", "--region", "99.99"), "Wilayah tidak ditemukan"),
        (("census_report", "--month", "2025-13"), "Bulan tidak valid"),
        (("census_report", "--month", "2025-03", "--institution", "NOPE"), "Lembaga tidak ditemukan"),
        (("census_report", "--month", "2025-03", "--region", "77"), "Wilayah tidak ditemukan"),
    ],
)
def test_bad_input_stops_with_an_indonesian_message(jember, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
