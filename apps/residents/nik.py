"""Checking a NIK (Nomor Induk Kependudukan) against its structure and the person's data.

A NIK is 16 digits: ``PP KK CC DD MM YY SSSS``: province, kab/kota and kecamatan of
issue, day of birth (plus 40 for women), month, two-digit year, serial. The rules are
those of docs/domain.md. Functions here are pure: the region codes they need are
passed in (``known_codes``) or read once per process from ``apps.regions``.

Errors make a NIK unacceptable; warnings are shown but do not block (a kab/kota code
renumbered by a split, an estimated birth date that disagrees with the NIK).
"""

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.utils.translation import gettext as _

from apps.core.dates import format_dmy
from apps.core.dates import today as local_today

# Sixteen ASCII digits: a NIK, and also a family card number (No. KK). The database's
# check constraints carry their own copy of this pattern.
NIK_PATTERN = r"[0-9]{16}"
_SIXTEEN_DIGITS = re.compile(NIK_PATTERN)
_NON_DIGITS = re.compile(r"[\s.\-]")

# Province codes that no longer exist. Every other former code (old Papua 91/94,
# Irian Jaya Barat) is also a code of a province today.
FORMER_PROVINCES = {"54": "Timor Timur"}

# Today's provinces (Kemendagri), used only when the regions table is empty.
_TODAY_PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36", "51",
    "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82",
    "91", "92", "93", "94", "95", "96",
})  # fmt: skip


@dataclass(frozen=True)
class NikCheck:
    """What a NIK check found. ``ok`` when there are no errors (warnings may remain)."""

    nik: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    birth_date: date | None = None  # decoded from DD MM YY, when the date exists
    sex: str | None = None  # "L" or "P", decoded from DD

    @property
    def ok(self) -> bool:
        return not self.errors


def is_sixteen_digits(value) -> bool:
    """``value`` is exactly 16 ASCII digits (the shape of a NIK or a No. KK, nothing more)."""
    return isinstance(value, str) and _SIXTEEN_DIGITS.fullmatch(value) is not None


def normalize_nik(value) -> str:
    """The NIK as typed, without spaces, dots or dashes (``"3509 0112..."`` → ``"35090112..."``)."""
    if value is None:
        return ""
    return _NON_DIGITS.sub("", str(value))


@cache
def _region_codes_from_database() -> frozenset[str]:
    # ~7,800 short strings (provinces, kab/kota, kecamatan); read once per process.
    from apps.regions.models import Region

    return frozenset(Region.objects.filter(level__lte=3).values_list("code", flat=True))


def known_region_codes() -> frozenset[str]:
    """Codes of today's provinces, kab/kota and kecamatan (``35``, ``35.09``, ``35.09.01``)."""
    return _region_codes_from_database()


@cache
def _provinces_in(codes: frozenset) -> frozenset:
    # Cached per code set: an import checks thousands of NIKs against the same table.
    return frozenset(c for c in codes if len(c) == 2) or _TODAY_PROVINCES


def _century_date(day: int, month: int, yy: int, today: date) -> date | None:
    """The birth date for a two-digit year: the latest century that is not in the future."""
    for century in (2000, 1900):
        try:
            candidate = date(century + yy, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def check_nik(
    nik,
    *,
    birth_date: date | None = None,
    sex: str | None = None,
    birth_date_estimated: bool = False,
    today: date | None = None,
    known_codes=None,
) -> NikCheck:
    """Check ``nik`` (already normalised or not) and, when given, its agreement with the
    stored ``birth_date`` and ``sex``. ``known_codes`` is a set of today's region codes
    (provinces, kab/kota, kecamatan); by default they are read from ``apps.regions``.
    """
    nik = normalize_nik(nik)
    errors: list[str] = []
    warnings: list[str] = []
    if not is_sixteen_digits(nik):
        errors.append(_("NIK harus 16 angka."))
        return NikCheck(nik, errors, warnings)
    today = today or local_today()
    codes = known_region_codes() if known_codes is None else known_codes

    province, regency, district = nik[0:2], nik[2:4], nik[4:6]
    day_code, month, yy, serial = int(nik[6:8]), int(nik[8:10]), int(nik[10:12]), nik[12:16]

    # PP KK CC: place of issue.
    provinces_today = _provinces_in(codes if isinstance(codes, frozenset) else frozenset(codes))
    if province in provinces_today:
        regency_code = f"{province}.{regency}"
        district_code = f"{regency_code}.{district}"
        if regency_code not in codes:
            warnings.append(
                _(
                    "Kode kabupaten/kota %(code)s dalam NIK tidak ada di data wilayah saat ini "
                    "(mungkin kode lama sebelum pemekaran). Periksa kembali."
                )
                % {"code": regency_code}
            )
        elif district_code not in codes:
            warnings.append(
                _(
                    "Kode kecamatan %(code)s dalam NIK tidak ada di data wilayah saat ini "
                    "(mungkin kode lama sebelum pemekaran). Periksa kembali."
                )
                % {"code": district_code}
            )
    elif province in FORMER_PROVINCES:
        warnings.append(
            _("Kode provinsi %(code)s adalah provinsi lama (%(name)s).")
            % {"code": province, "name": FORMER_PROVINCES[province]}
        )
    else:
        errors.append(_("Kode provinsi %(code)s dalam NIK tidak dikenal.") % {"code": province})

    # DD MM YY: date of birth, women +40.
    decoded_sex = None
    day = None
    if 1 <= day_code <= 31:
        decoded_sex, day = "L", day_code
    elif 41 <= day_code <= 71:
        decoded_sex, day = "P", day_code - 40
    else:
        errors.append(
            _("Tanggal lahir dalam NIK (%(dd)s) harus 01-31, atau 41-71 untuk perempuan.") % {"dd": nik[6:8]}
        )
    if not 1 <= month <= 12:
        errors.append(_("Bulan lahir dalam NIK (%(mm)s) harus 01-12.") % {"mm": nik[8:10]})
        month = None

    decoded_date = None
    if day is not None and month is not None:
        decoded_date = _century_date(day, month, yy, today)
        if decoded_date is None:
            errors.append(
                _("Tanggal lahir dalam NIK (%(d)02d-%(m)02d-%(y)02d) tidak ada di kalender.")
                % {"d": day, "m": month, "y": yy}
            )

    if decoded_date is not None and birth_date is not None:
        agrees = (decoded_date.day, decoded_date.month, decoded_date.year % 100) == (
            birth_date.day,
            birth_date.month,
            birth_date.year % 100,
        )
        if not agrees:
            params = {"nik_date": decoded_date.strftime("%d-%m-%y"), "date": format_dmy(birth_date)}
            if birth_date_estimated:
                warnings.append(
                    _(
                        "Tanggal lahir dalam NIK (%(nik_date)s) berbeda dengan tanggal lahir perkiraan "
                        "(%(date)s). Pertimbangkan memakai tanggal dari NIK."
                    )
                    % params
                )
            else:
                errors.append(
                    _("Tanggal lahir dalam NIK (%(nik_date)s) tidak sama dengan tanggal lahir (%(date)s).")
                    % params
                )

    # Sex is never estimated: a disagreement is always an error.
    if decoded_sex is not None and sex in ("L", "P") and decoded_sex != sex:
        errors.append(
            _("Jenis kelamin dalam NIK (%(nik_sex)s) tidak sama dengan jenis kelamin yang diisi.")
            % {"nik_sex": _("perempuan") if decoded_sex == "P" else _("laki-laki")}
        )

    if serial == "0000":
        errors.append(_("Nomor urut NIK (4 angka terakhir) tidak boleh 0000."))

    return NikCheck(nik, errors, warnings, decoded_date, decoded_sex)


def check_family_card_no(value) -> list[str]:
    """Errors of a family card number (No. KK): empty, or 16 digits."""
    value = normalize_nik(value)
    if not value:
        return []
    if not is_sixteen_digits(value):
        return [_("Nomor KK harus 16 angka.")]
    return []
