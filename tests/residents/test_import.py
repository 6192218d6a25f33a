from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.backends.postgresql.psycopg_any import DateRange
from openpyxl import Workbook

from apps.core.errors import ImportRejected
from apps.residents.imports import COLUMNS
from apps.residents.models import (
    AccessLog,
    Case,
    Placement,
    PlacementHistory,
    RegistrationCounter,
    Resident,
    ResidentHistory,
)
from apps.residents.models.census import census_differences
from apps.residents.services import IMPORT_COLUMNS, residents_import
from tests.factories import InstitutionFactory
from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db


def write_xlsx(path, rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(IMPORT_COLUMNS)
    for row in rows:
        sheet.append([row.get(c, "") for c in IMPORT_COLUMNS])
    workbook.save(path)
    return str(path)


def row(**values):
    base = {
        "institution_code": "UPT-JBR",
        "registration_no": "UPT-JBR-2024-00007",
        "full_name": "Suparman",
        "sex": "L",
        "birth_date": "1950-03-12",
        "birth_date_estimated": "N",
        "welfare_category": "LUT",
    }
    base.update(values)
    return base


GOOD = [
    # Suparman: Jember, then transferred to Tuban on 1 March 2024, still there.
    row(nik="3509011203500001", admitted_on="2024-01-15", discharged_on="2024-03-01"),
    row(institution_code="UPT-TBN", nik="3509011203500001", admitted_on="2024-03-01"),
    # Wagiyem: in Jember twice; the first stay ended with a return to her family.
    row(
        registration_no="UPT-JBR-2024-00008",
        full_name="Wagiyem",
        sex="P",
        birth_date="1940-01-01",
        birth_date_estimated="Y",
        admitted_on="2024-02-01",
        discharged_on="2024-05-01",
        discharge_reason="returned_to_family",
    ),
    row(
        registration_no="UPT-JBR-2024-00008",
        full_name="Wagiyem",
        sex="P",
        birth_date="1940-01-01",
        birth_date_estimated="Y",
        admitted_on="2024-08-01",
    ),
    # Tono: served in the community, never placed.
    row(registration_no="LKS-00031", full_name="Tono", birth_date="", welfare_category="FM"),
]


@pytest.fixture
def good_file(tmp_path, jember, tuban):
    return write_xlsx(tmp_path / "pm.xlsx", GOOD)


def test_good_file_creates_residents_cases_and_placements(good_file, jember, tuban, staff_jember, capsys):
    call_command("import_residents", good_file)
    assert "3 PM baru" in capsys.readouterr().out
    assert census_differences() == (0, 0)
    suparman = Resident.objects.get(registration_no="UPT-JBR-2024-00007")
    assert suparman.registered_at == jember
    assert suparman.nik == "3509011203500001"
    first, second = suparman.placements.order_by("period")
    assert (first.institution, first.period, first.end_reason) == (
        jember,
        DateRange(date(2024, 1, 15), date(2024, 3, 1)),
        "transfer",
    )
    assert (second.institution, second.period.upper) == (tuban, None)
    case = suparman.cases.get()
    assert first.case == second.case == case
    assert (case.institution, case.opened_on, case.closed_on) == (tuban, date(2024, 1, 15), None)

    wagiyem = Resident.objects.get(registration_no="UPT-JBR-2024-00008")
    assert wagiyem.birth_date_estimated
    old_case, new_case = wagiyem.cases.order_by("opened_on")
    assert (old_case.closed_on, old_case.termination_reason) == (date(2024, 5, 1), "returned_to_family")
    assert new_case.closed_on is None
    assert wagiyem.placements.get(case=old_case).end_reason == "discharge"

    tono = Resident.objects.get(registration_no="LKS-00031")
    assert not tono.placements.exists() and tono.birth_date is None

    log = AccessLog.objects.get(action="import")
    assert log.detail == {"rows": 5, "residents": 3, "placements": 4, "unchanged": 0}
    # Imported numbers in the generated format move the counter past them.
    assert RegistrationCounter.objects.get(institution=jember, year=2024).last_serial == 8


def test_importing_the_same_file_again_changes_nothing(good_file, capsys):
    call_command("import_residents", good_file)
    counts = [m.objects.count() for m in (Resident, Case, Placement, ResidentHistory, PlacementHistory)]
    call_command("import_residents", good_file)
    assert [
        m.objects.count() for m in (Resident, Case, Placement, ResidentHistory, PlacementHistory)
    ] == counts
    last = capsys.readouterr().out.splitlines()[-1]
    assert "0 PM baru" in last and "3 PM tetap" in last


def test_a_changed_row_for_an_existing_resident_is_refused(good_file, tmp_path):
    call_command("import_residents", good_file)
    changed = [dict(r) for r in GOOD]
    changed[1]["admitted_on"] = "2024-03-02"
    changed[0]["discharged_on"] = "2024-03-02"
    with pytest.raises(ImportRejected) as caught:
        residents_import(actor=None, source=write_xlsx(tmp_path / "changed.xlsx", changed))
    assert "sudah ada" in caught.value.errors[0].message


def test_dry_run_checks_everything_and_writes_nothing(good_file):
    result = residents_import(actor=None, source=good_file, dry_run=True)
    assert (result.residents_created, result.placements_created, result.cases_created) == (3, 4, 3)
    assert not Resident.objects.exists()
    assert not AccessLog.objects.exists()


def test_every_bad_row_is_reported_and_nothing_is_written(tmp_path, jember, tuban, resident, capsys):
    bad = [
        row(registration_no="A1", institution_code="UPT-ENTAH", admitted_on="2024-01-01"),  # 2
        row(registration_no="A2", nik="3509013102500001", admitted_on="2024-01-01"),  # 3: 31 Feb
        row(registration_no="A3", admitted_on="2024-01-01"),  # 4
        row(registration_no="A3", admitted_on="2024-02-01"),  # 5: overlaps row 4 (still open)
        row(registration_no="A4", admitted_on="2024-03-01", discharged_on="2024-02-01"),  # 6
        row(registration_no="A5", nik=resident.nik, admitted_on="2024-01-01"),  # 7: NIK of another PM
        row(registration_no="A6", admitted_on="2024-01-01", discharged_on="2024-02-01"),  # 8: no reason
        row(registration_no="A7", sex="X", welfare_category="ZZZ"),  # 9
        row(registration_no="A8", admitted_on="2024-01-02"),  # 10: Jember (capacity 3) full
        row(registration_no="A9", admitted_on="2024-01-03"),  # 11: over capacity
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", bad)
    with pytest.raises(CommandError):
        call_command("import_residents", path)
    report = capsys.readouterr().err
    expected = {
        2: "UPT-ENTAH",
        3: "kalender",
        5: "tumpang tindih",
        6: "setelah tanggal masuk",
        7: "NIK sudah terdaftar",
        8: "alasan keluar",
        9: "jenis kelamin",
        11: "kapasitas",
    }
    for number, words in expected.items():
        assert any(line.startswith(f"baris {number}:") and words in line for line in report.splitlines()), (
            number,
            report,
        )
    assert "baris 9: kategori PPKS 'ZZZ'" in report
    assert "baris 4:" not in report and "baris 10:" not in report
    assert Resident.objects.count() == 1  # only the fixture
    assert not AccessLog.objects.exists()


def test_the_same_nik_under_two_numbers_in_one_file_is_refused(tmp_path, jember):
    rows = [
        row(registration_no="B1", nik="3509011203500001"),
        row(registration_no="B2", nik="3509011203500001"),
    ]
    with pytest.raises(ImportRejected) as caught:
        residents_import(actor=None, source=write_xlsx(tmp_path / "dup.xlsx", rows))
    assert [e.row for e in caught.value.errors] == [3]


def test_differing_identity_on_rows_of_one_resident_is_refused(tmp_path, jember, tuban):
    rows = [
        row(admitted_on="2024-01-01", discharged_on="2024-02-01"),
        row(institution_code="UPT-TBN", full_name="Suparmin", admitted_on="2024-02-01"),
    ]
    with pytest.raises(ImportRejected) as caught:
        residents_import(actor=None, source=write_xlsx(tmp_path / "x.xlsx", rows))
    assert "berbeda" in caught.value.errors[0].message


def test_staff_may_import_only_for_their_own_institution(tmp_path, jember, tuban, staff_jember):
    path = write_xlsx(tmp_path / "x.xlsx", [row(), row(registration_no="C2", institution_code="UPT-TBN")])
    with pytest.raises(ImportRejected) as caught:
        residents_import(actor=staff_jember, source=path)
    assert [e.row for e in caught.value.errors] == [3]
    assert "tidak berwenang" in caught.value.errors[0].message


def test_a_missing_column_is_refused_before_any_row(tmp_path, jember):
    workbook = Workbook()
    workbook.active.append(["institution_code", "full_name"])
    workbook.active.append(["UPT-JBR", "X"])
    workbook.save(tmp_path / "cols.xlsx")
    with pytest.raises(CommandError, match="registration_no"):
        call_command("import_residents", str(tmp_path / "cols.xlsx"))


def test_nik_warnings_are_reported_but_do_not_block(tmp_path, jember, capsys):
    path = write_xlsx(tmp_path / "w.xlsx", [row(nik="3530011203500001")])  # 35.30 is not a kab/kota today
    call_command("import_residents", path)
    assert "35.30" in capsys.readouterr().out
    assert Resident.objects.filter(nik="3530011203500001").exists()


def test_ten_thousand_rows_import_whole(tmp_path, capsys):
    """One run of the size an import page must take: 10,000 rows, 8,000 residents over 40
    institutions, all stored with their audit rows. (How fast is a benchmark's question, not
    a test's: a timed assertion fails on a busy machine and passes on a broken fast one.)"""
    institutions = [InstitutionFactory(code=f"UPT-B{i:02d}", capacity=500) for i in range(40)]
    rows = []
    start = date(2020, 1, 1)
    for n in range(8000):
        code = institutions[n % 40].code
        birth = date(1940, 1, 1) + timedelta(days=n % 15000)
        base = {
            "institution_code": code,
            "registration_no": f"{code}-2020-{n:05d}",
            "full_name": f"Warga Uji {n}",
            "sex": "L" if n % 2 else "P",
            "birth_date": birth.isoformat(),
            "birth_date_estimated": "N",
            "welfare_category": "LUT",
        }
        day = birth.day + (0 if n % 2 else 40)  # women: day + 40
        base["nik"] = f"350901{day:02d}{birth.month:02d}{birth.year % 100:02d}{n + 1:04d}"
        admitted = start + timedelta(days=n % 1000)
        if n < 2000:  # transferred once: two rows
            middle = admitted + timedelta(days=30)
            rows.append({**base, "admitted_on": admitted.isoformat(), "discharged_on": middle.isoformat()})
            other = institutions[(n + 1) % 40].code
            rows.append({**base, "admitted_on": middle.isoformat(), "institution_code": other})
        elif n < 5000:  # discharged
            rows.append(
                {
                    **base,
                    "admitted_on": admitted.isoformat(),
                    "discharged_on": (admitted + timedelta(days=90)).isoformat(),
                    "discharge_reason": "independent",
                }
            )
        else:
            rows.append({**base, "admitted_on": admitted.isoformat()})
    assert len(rows) == 10000
    path = write_xlsx(tmp_path / "big.xlsx", rows)

    call_command("import_residents", path)
    assert Resident.objects.count() == 8000
    assert Placement.objects.count() == 10000
    assert ResidentHistory.objects.count() == 8000
    assert Placement.objects.filter(end_reason="transfer").count() == 2000
    assert Placement.objects.filter(end_reason="discharge").count() == 3000


def test_a_row_must_fit_from_its_admission_day_on_as_an_admission_must(tmp_path, jember):
    """The rule of ``case_admit``: the busiest day from the row's admission on counts, not today."""
    # Jember (capacity 3) was full from January to June 2024; the three have since left.
    for n in range(3):
        resident = ResidentFactory(registered_at=jember, registration_no=f"OLD-{n}")
        admit(resident, jember, on=date(2024, 1, 1), end=date(2024, 6, 1))
    rows = [
        row(registration_no="D1", admitted_on="2024-05-01"),
        row(registration_no="D2", admitted_on="2024-06-01"),
    ]
    with pytest.raises(ImportRejected) as caught:
        residents_import(actor=None, source=write_xlsx(tmp_path / "full.xlsx", rows))
    [error] = caught.value.errors
    assert error.row == 2
    assert error.message == (
        "UPT PSTW Jember sudah penuh (3 dari 3 tempat). Penempatan melebihi kapasitas hanya dapat "
        "disetujui kepala lembaga dengan alasan tertulis."
    )
    # From 1 June the places are free again.
    result = residents_import(actor=None, source=write_xlsx(tmp_path / "free.xlsx", rows[1:]))
    assert result.placements_created == 1


def test_the_command_accepts_indonesian_headings(tmp_path, jember, capsys):
    labels = {c.code: c.label for c in COLUMNS}
    workbook = Workbook()
    workbook.active.append([labels[c].upper() for c in IMPORT_COLUMNS])
    good = row(admitted_on="2024-01-15")
    workbook.active.append([good.get(c, "") for c in IMPORT_COLUMNS])
    workbook.save(tmp_path / "judul.xlsx")
    call_command("import_residents", str(tmp_path / "judul.xlsx"), "--dry-run")
    assert "1 PM baru" in capsys.readouterr().out
    call_command("import_residents", str(tmp_path / "judul.xlsx"))
    assert Resident.objects.get().placements.count() == 1


def test_a_discharge_for_another_reason_needs_its_note(tmp_path, jember, tuban):
    other = {"admitted_on": "2024-01-15", "discharged_on": "2024-03-01", "discharge_reason": "lainnya"}
    with pytest.raises(ImportRejected) as caught:
        residents_import(source=write_xlsx(tmp_path / "a.xlsx", [row(**other)]), actor=None)
    assert [str(e) for e in caught.value.errors] == [
        "baris 2: alasan keluar 'lainnya' perlu catatan keluar (discharge_notes)"
    ]
    residents_import(
        source=write_xlsx(tmp_path / "b.xlsx", [row(**other, discharge_notes="Menikah, ikut suami")]),
        actor=None,
    )
    case = Case.objects.get()
    assert (case.termination_reason, case.termination_notes) == ("other", "Menikah, ikut suami")
