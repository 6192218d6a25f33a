from datetime import date

import pytest

from apps.residents.nik import check_nik, is_sixteen_digits, known_region_codes, normalize_nik

TODAY = date(2026, 6, 1)
# A small region table is enough for the structure rules (tests at the bottom use the real one).
CODES = frozenset({"35", "35.09", "35.09.01", "65", "65.01", "65.01.01", "64", "64.01", "64.01.01"})
CODES |= {f"{p}" for p in ("91", "92", "93", "94", "95", "96", "11", "33")}


def check(nik, **kwargs):
    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("known_codes", CODES)
    return check_nik(nik, **kwargs)


def test_a_valid_male_nik_has_no_errors_and_decodes_birth_date_and_sex():
    result = check("3509011203500001", birth_date=date(1950, 3, 12), sex="L")
    assert result.ok, result.errors
    assert result.warnings == []
    assert (result.birth_date, result.sex) == (date(1950, 3, 12), "L")


def test_a_valid_female_nik_has_day_plus_40():
    result = check("3509015203500002", birth_date=date(1950, 3, 12), sex="P")
    assert result.ok, result.errors
    assert (result.birth_date, result.sex) == (date(1950, 3, 12), "P")


def test_two_digit_year_takes_the_century_that_is_not_in_the_future():
    assert check("3509011203100001").birth_date == date(2010, 3, 12)
    assert check("3509011203300001").birth_date == date(1930, 3, 12)
    # 1 July 2026 is after "today": it must be 1926.
    assert check("3509010107260001").birth_date == date(1926, 7, 1)


@pytest.mark.parametrize(
    "nik",
    ["123", "35090112035000011", "3509O11203500001", "", "35090112035000 1"],
)
def test_anything_but_16_digits_is_one_error(nik):
    result = check(nik)
    assert result.errors == ["NIK harus 16 angka."]


def test_spaces_and_dots_are_ignored():
    assert normalize_nik(" 3509.0112.0350.0001 ") == "3509011203500001"
    assert check("3509 0112 0350 0001").ok


def test_31_february_does_not_exist():
    result = check("3509013102800001")
    assert any("tidak ada di kalender" in e for e in result.errors)


def test_29_february_exists_in_leap_years_only():
    assert check("3509012902840001").ok  # 1984
    assert not check("3509012902850001").ok


def test_month_00_and_13_are_errors():
    assert any("Bulan lahir" in e for e in check("3509011200800001").errors)
    assert any("Bulan lahir" in e for e in check("3509011213800001").errors)


@pytest.mark.parametrize("day", ["00", "32", "40", "72", "99"])
def test_day_outside_01_31_and_41_71_is_an_error(day):
    result = check(f"350901{day}03800001")
    assert any("Tanggal lahir dalam NIK" in e for e in result.errors)


def test_serial_0000_is_an_error():
    result = check("3509011203500000")
    assert result.errors == ["Nomor urut NIK (4 angka terakhir) tidak boleh 0000."]


@pytest.mark.parametrize("province", ["10", "99", "00", "20", "97"])
def test_unknown_province_is_an_error(province):
    result = check(f"{province}09011203500001")
    assert any(f"Kode provinsi {province}" in e for e in result.errors)


@pytest.mark.parametrize("province", ["91", "92", "93", "94", "95", "96", "65"])
def test_new_papua_provinces_and_kalimantan_utara_are_provinces(province):
    result = check(f"{province}01011203500001")
    assert not any("Kode provinsi" in e for e in result.errors)
    assert result.ok


def test_former_province_timor_timur_is_accepted_with_a_warning():
    result = check("5401011203700001")
    assert result.ok
    assert any("provinsi lama" in w for w in result.warnings)


def test_renumbered_kab_kota_only_warns():
    # 64.04 is no longer in today's table (pemekaran of Kalimantan Utara).
    result = check("6404011203700001")
    assert result.ok
    assert len(result.warnings) == 1
    assert "64.04" in result.warnings[0]


def test_unknown_kecamatan_of_a_known_kab_kota_only_warns():
    result = check("3509991203700001")
    assert result.ok
    assert "35.09.99" in result.warnings[0]


def test_birth_date_that_disagrees_is_an_error():
    result = check("3509011203500001", birth_date=date(1950, 3, 13), sex="L")
    assert len(result.errors) == 1
    assert "tidak sama dengan tanggal lahir" in result.errors[0]


def test_birth_date_in_another_century_with_same_two_digits_agrees():
    # The NIK holds two digits of the year only: 1925 and 2025 both end in 25.
    assert check("3509011203250001", birth_date=date(1925, 3, 12), sex="L").ok


def test_estimated_birth_date_that_disagrees_only_warns():
    result = check("3509011203500001", birth_date=date(1950, 1, 1), birth_date_estimated=True, sex="L")
    assert result.ok
    assert len(result.warnings) == 1
    assert "perkiraan" in result.warnings[0]


def test_sex_mismatch_is_an_error():
    result = check("3509015203500002", birth_date=date(1950, 3, 12), sex="L")
    assert len(result.errors) == 1
    assert "Jenis kelamin" in result.errors[0]


def test_sex_mismatch_is_an_error_even_with_an_estimated_birth_date():
    result = check("3509011203500001", birth_date=date(1950, 3, 12), birth_date_estimated=True, sex="P")
    assert not result.ok


def test_several_problems_are_all_reported():
    result = check("9909003300000000")
    assert len(result.errors) >= 3


@pytest.mark.django_db
def test_real_region_table_knows_jember_and_all_38_provinces():
    codes = known_region_codes()
    assert "35.09.01" in codes
    assert len({c for c in codes if len(c) == 2}) == 38
    assert check_nik("3509011203500001", today=TODAY).ok
    # Mimika was 91.09 before Papua Tengah was split off; today it is 94.04.
    result = check_nik("9109011203500001", today=TODAY)
    assert result.ok
    assert "91.09" in result.warnings[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3509011203500001", True), ("350901120350000", False), ("3509O11203500001", False), ("", False)]
    + [("٣٥٠٩٠١١٢٠٣٥٠٠٠٠١", False), ("3509011203500001\n", False), (None, False)],
)
def test_sixteen_ascii_digits_is_the_one_shape_check(value, expected):
    assert is_sixteen_digits(value) is expected
