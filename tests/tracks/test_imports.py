"""The three imports: all rows or none, every bad row named, re-importing changes nothing."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from apps.tracks.models import BudgetLine, Business, BusinessVisit, Disbursement

from .conftest import ResidentFactory, admit, make_business, make_line, visit

pytestmark = pytest.mark.django_db

LINE_HEADER = ["fiscal_year", "code", "programme", "institution_code", "name", "allocation"]
GRANT_HEADER = [
    "budget_code", "fiscal_year", "registration_no", "paid_on", "amount", "business_type",
    "business_start_on", "baseline_income",
]  # fmt: skip
VISIT_HEADER = ["registration_no", "visited_on", "status", "monthly_revenue", "monthly_income"]


def write_xlsx(path, header, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return str(path)


def run(command, path):
    out, err = StringIO(), StringIO()
    try:
        call_command(command, path, stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue(), err.getvalue() + str(exc)
    return True, out.getvalue(), err.getvalue()


# --- budget lines ---------------------------------------------------------------------------------


LINES = [
    [2026, "5.1.02.01", "KUBE", "", "Bantuan KUBE", 3_300_000_000],
    [2026, "5.1.02.02", "Kemandirian", "upt-jbr", "Kemandirian PM UPT Jember", 3_170_000_000],
]


def test_budget_lines_are_created_with_programme_codes_in_any_case(tmp_path, jember):
    ok, out, _err = run("import_budget_lines", write_xlsx(tmp_path / "l.xlsx", LINE_HEADER, LINES))
    assert ok, _err
    assert "2 baru" in out
    kube = BudgetLine.objects.get(code="5.1.02.01")
    assert (kube.programme.code, kube.institution, kube.allocation) == ("kube", None, 3_300_000_000)
    assert BudgetLine.objects.get(code="5.1.02.02").institution == jember


def test_reimporting_budget_lines_changes_nothing(tmp_path, jember):
    path = write_xlsx(tmp_path / "l.xlsx", LINE_HEADER, LINES)
    run("import_budget_lines", path)
    before = list(BudgetLine.objects.order_by("code").values())
    history = sum(line.history.count() for line in BudgetLine.objects.all())
    ok, out, _err = run("import_budget_lines", path)
    assert ok and "2 tetap" in out
    assert list(BudgetLine.objects.order_by("code").values()) == before
    assert sum(line.history.count() for line in BudgetLine.objects.all()) == history


def test_a_reimport_updates_the_allocation_but_never_below_the_disbursed(tmp_path, jember, pm):
    line = make_line(code="5.1.02.02", programme_code="kemandirian", institution=jember, year=2026)
    Disbursement.objects.create(
        line=line, institution=jember, kind="aid", amount=4_000_000, paid_on=date(2026, 2, 1), resident=pm
    )
    rows = [[2026, "5.1.02.02", "kemandirian", "UPT-JBR", "Kemandirian", 3_999_999]]
    ok, _out, err = run("import_budget_lines", write_xlsx(tmp_path / "low.xlsx", LINE_HEADER, rows))
    assert not ok
    assert "baris 2: pagu Rp 3.999.999 di bawah realisasi Rp 4.000.000" in err
    rows[0][5] = 4_000_000
    ok, out, _err = run("import_budget_lines", write_xlsx(tmp_path / "eq.xlsx", LINE_HEADER, rows))
    assert ok and "1 diperbarui" in out
    line.refresh_from_db()
    assert line.allocation == 4_000_000


def test_every_bad_budget_row_is_named_and_nothing_is_written(tmp_path, jember):
    rows = [
        LINES[0],
        [2026, "X.1", "nope", "", "Salah", 1],
        [2026, "X.2", "ke", "UPT-NOPE", "Salah", 1],
        [2026, "X.3", "ke", "", "Salah", "satu juta"],
        [2026, "5.1.02.01", "kube", "", "Dobel", 1],
    ]
    ok, _out, err = run("import_budget_lines", write_xlsx(tmp_path / "bad.xlsx", LINE_HEADER, rows))
    assert not ok
    assert "baris 3: program 'nope' tidak dikenal" in err
    assert "baris 4: lembaga UPT-NOPE tidak dikenal" in err
    assert "baris 5: allocation 'satu juta' bukan angka rupiah utuh" in err
    assert "baris 6: kode 5.1.02.01 tahun 2026 sudah ada di baris 2" in err
    assert "baris 2:" not in err
    assert not BudgetLine.objects.exists()


def test_indonesian_column_labels_are_accepted(tmp_path, jember):
    header = ["Tahun anggaran", "Kode rekening", "Program", "Kode lembaga", "Uraian", "Pagu"]
    ok, _out, err = run("import_budget_lines", write_xlsx(tmp_path / "id.xlsx", header, LINES))
    assert ok, err
    assert BudgetLine.objects.count() == 2


# --- grants ---------------------------------------------------------------------------------------------


@pytest.fixture
def grant_setup(jember):
    line = make_line(code="5.1.03", institution=jember, allocation=5_000_000)
    people = []
    for n in range(3):
        person = ResidentFactory(registered_at=jember, registration_no=f"UPT-JBR-2025-1000{n}")
        admit(person, jember)
        people.append(person)
    return line, people


def grant_row(no, amount, paid_on="2025-03-01", year=2025, code="5.1.03"):
    return [code, year, no, paid_on, amount, "Warung kelontong", paid_on, 250_000]


def test_grants_are_paid_and_their_businesses_started(tmp_path, grant_setup):
    line, people = grant_setup
    rows = [grant_row("UPT-JBR-2025-10000", 2_000_000), grant_row("upt-jbr-2025-10001", "Rp 1.500.000")]
    ok, out, err = run("import_grants", write_xlsx(tmp_path / "g.xlsx", GRANT_HEADER, rows))
    assert ok, err
    line.refresh_from_db()
    assert line.disbursed == 3_500_000
    business = Business.objects.get(resident=people[0])
    assert (business.started_on, business.baseline_income, business.business_type) == (
        date(2025, 3, 1),
        250_000,
        "Warung kelontong",
    )
    # The same file again: nothing new.
    ok, out, _err = run("import_grants", write_xlsx(tmp_path / "g.xlsx", GRANT_HEADER, rows))
    assert ok and "2 tetap" in out
    assert Disbursement.objects.count() == 2
    line.refresh_from_db()
    assert line.disbursed == 3_500_000


def test_a_file_that_would_overspend_a_line_is_refused_naming_the_first_row_that_crosses(
    tmp_path, grant_setup
):
    line, _people = grant_setup
    rows = [
        grant_row("UPT-JBR-2025-10000", 2_000_000),
        grant_row("UPT-JBR-2025-10001", 2_000_000),
        grant_row("UPT-JBR-2025-10002", 1_000_001),  # crosses Rp 5.000.000 by 1
        grant_row("UPT-JBR-2025-10000", 1_000, paid_on="2025-04-01"),
    ]
    ok, _out, err = run("import_grants", write_xlsx(tmp_path / "over.xlsx", GRANT_HEADER, rows))
    assert not ok
    assert "baris 4: melebihi pagu 5.1.03: sisa Rp 1.000.000, hibah Rp 1.000.001" in err
    assert "baris 5" not in err and "baris 2" not in err
    assert not Disbursement.objects.exists()
    assert not Business.objects.exists()


def test_a_grant_paid_outside_the_fiscal_year_is_refused(tmp_path, grant_setup):
    rows = [grant_row("UPT-JBR-2025-10000", 1_000, paid_on="2024-12-31")]
    ok, _out, err = run("import_grants", write_xlsx(tmp_path / "y.xlsx", GRANT_HEADER, rows))
    assert not ok
    assert "baris 2: paid_on 2024-12-31 di luar tahun anggaran 2025" in err


def test_bad_grant_rows_are_all_named(tmp_path, grant_setup):
    rows = [
        grant_row("NOBODY", 1_000),
        grant_row("UPT-JBR-2025-10000", 1_000, code="9.9.9"),
        grant_row("UPT-JBR-2025-10001", 0),
    ]
    ok, _out, err = run("import_grants", write_xlsx(tmp_path / "bad.xlsx", GRANT_HEADER, rows))
    assert not ok
    assert "baris 2: PM dengan nomor registrasi 'NOBODY' tidak ada" in err
    assert "baris 3: mata anggaran 9.9.9 tahun 2025 tidak ada" in err
    assert "baris 4: amount harus paling sedikit 1" in err


# --- visits ------------------------------------------------------------------------------------------


def test_a_visit_belongs_to_the_latest_business_started_on_or_before_its_day(tmp_path, jember, pm):
    first = make_business(pm, jember, date(2024, 1, 10))
    second = make_business(pm, jember, date(2025, 6, 1))
    rows = [
        [pm.registration_no, "2025-05-31", "berjalan", 1_000_000, 400_000],
        [pm.registration_no, "2025-06-01", "GROWING", "", ""],
    ]
    ok, out, err = run("import_business_visits", write_xlsx(tmp_path / "v.xlsx", VISIT_HEADER, rows))
    assert ok, err
    assert list(first.visits.values_list("visited_on", "status", "monthly_income")) == [
        (date(2025, 5, 31), "running", 400_000)
    ]
    assert list(second.visits.values_list("status", flat=True)) == ["growing"]
    ok, out, _err = run("import_business_visits", write_xlsx(tmp_path / "v.xlsx", VISIT_HEADER, rows))
    assert ok and "2 tetap" in out
    assert BusinessVisit.objects.count() == 2


def test_bad_visit_rows_are_all_named(tmp_path, jember, pm):
    business = make_business(pm, jember, date(2025, 6, 1))
    visit(business, date(2025, 7, 1), "running")
    rows = [
        [pm.registration_no, "2025-05-31", "running", "", ""],
        [pm.registration_no, "2025-07-02", "buka", "", ""],
        ["NOBODY", "2025-07-02", "running", "", ""],
        [pm.registration_no, "2099-01-01", "running", "", ""],
    ]
    ok, _out, err = run("import_business_visits", write_xlsx(tmp_path / "bad.xlsx", VISIT_HEADER, rows))
    assert not ok
    assert "baris 2: PM ini belum memiliki usaha" in err
    assert "baris 3: status 'buka'" in err
    assert "baris 4: PM dengan nomor registrasi 'NOBODY' tidak ada" in err
    assert "baris 5: visited_on di masa depan" in err
    assert BusinessVisit.objects.count() == 1
