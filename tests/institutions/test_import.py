import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from apps.institutions.models import Institution

pytestmark = pytest.mark.django_db

HEADER = ["code", "name", "kind", "operator", "region_code", "capacity", "address", "phone"]


def write_xlsx(path, rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return str(path)


GOOD = [
    ["UPT-PSTW-JBR", "UPT PSTW Jember", "UPT", "province", "35.09", 110, "Jl. Moh. Seruji 6", "0331-123456"],
    ["LKSA-HARAPAN", "LKSA Harapan", "LKS", "community", "35.78.01", 40, "", ""],
]


def test_good_file_creates_every_institution(tmp_path, capsys):
    call_command("import_institutions", write_xlsx(tmp_path / "ok.xlsx", GOOD))
    assert set(Institution.objects.values_list("code", flat=True)) == {"UPT-PSTW-JBR", "LKSA-HARAPAN"}
    lks = Institution.objects.get(code="LKSA-HARAPAN")
    assert (lks.kind, lks.operator, lks.region_id, lks.capacity) == ("LKS", "community", "35.78.01", 40)
    assert "2 baru" in capsys.readouterr().out


def test_reimporting_the_same_file_changes_nothing(tmp_path, capsys):
    path = write_xlsx(tmp_path / "ok.xlsx", GOOD)
    call_command("import_institutions", path)
    before = list(Institution.objects.order_by("code").values())
    call_command("import_institutions", path)
    assert list(Institution.objects.order_by("code").values()) == before
    assert "0 baru, 0 diperbarui, 2 tetap" in capsys.readouterr().out


def test_reimport_with_changes_updates_in_place(tmp_path):
    call_command("import_institutions", write_xlsx(tmp_path / "a.xlsx", GOOD))
    changed = [GOOD[0][:5] + [120, "Jl. Baru", "0331-421234"], GOOD[1]]
    call_command("import_institutions", write_xlsx(tmp_path / "b.xlsx", changed))
    assert Institution.objects.count() == 2
    assert Institution.objects.get(code="UPT-PSTW-JBR").capacity == 120
    assert Institution.objects.get(code="UPT-PSTW-JBR").phone == "+62331421234"  # stored normalised


def test_bad_rows_are_each_reported_and_nothing_is_written(tmp_path, capsys):
    rows = [
        GOOD[0],
        ["BAD-REGION", "X", "UPT", "province", "99.99", 10, "", ""],
        ["BAD-CAP", "X", "LKS", "community", "35.09", 0, "", ""],
        ["BAD-KIND", "X", "panti", "province", "35.09", 5, "", ""],
        ["BAD-PROV", "X", "UPT", "province", "35", 5, "", ""],
        ["UPT-PSTW-JBR", "Duplicate", "UPT", "province", "35.09", 5, "", ""],
        ["BAD-PHONE", "X", "UPT", "province", "35.09", 10, "", "0331-1"],
    ]
    with pytest.raises(CommandError):
        call_command("import_institutions", write_xlsx(tmp_path / "bad.xlsx", rows))
    err = capsys.readouterr().err
    assert "baris 3: kode wilayah '99.99' tidak dikenal" in err
    assert "baris 4: kapasitas" in err
    assert "baris 5: jenis 'panti' tidak dikenal" in err
    assert "baris 6: wilayah harus kabupaten/kota" in err
    assert "baris 7: kode UPT-PSTW-JBR sudah ada di baris 2" in err
    assert "baris 8: Nomor telepon tidak valid" in err
    assert Institution.objects.count() == 0


def test_missing_column_is_reported(tmp_path):
    path = write_xlsx(tmp_path / "cols.xlsx", [["A", "B"]], header=["code", "name"])
    with pytest.raises(CommandError, match="Kolom wajib tidak ada: kind, operator, region_code, capacity"):
        call_command("import_institutions", path)


def test_not_an_xlsx_file_is_a_clear_error(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("not a spreadsheet")
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        call_command("import_institutions", str(path))


def test_exit_status_is_non_zero_on_errors(tmp_path, capsys):
    from django.core.management import execute_from_command_line

    path = write_xlsx(tmp_path / "bad.xlsx", [["X", "X", "UPT", "province", "00.00", 1, "", ""]])
    # The command line entry point (what a shell sees), in process so it uses the test database.
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "import_institutions", path])
    assert exit_info.value.code != 0
    assert "baris 2" in capsys.readouterr().err
