"""Reading the rows of a residents import file: one row, and the rows of one resident.

Pure functions over the file's rows (they read nothing from the database);
``imports.residents_import`` reads the file, checks across residents and against the
stored data, and writes.
"""

from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise

from django.utils.translation import gettext as _

from apps.core.dates import EARLIEST
from apps.core.errors import RowError
from apps.institutions.models import Institution

from .. import permissions
from ..models import Case
from ..nik import check_family_card_no, check_nik, normalize_nik

IMPORT_COLUMNS = [
    "institution_code",
    "registration_no",
    "full_name",
    "nickname",
    "nik",
    "family_card_no",
    "sex",
    "birth_place",
    "birth_date",
    "birth_date_estimated",
    "welfare_category",
    "admitted_on",
    "discharged_on",
    "discharge_reason",
    "origin_village",
    "discharge_notes",
]
REQUIRED_COLUMNS = ["institution_code", "registration_no", "full_name", "sex", "welfare_category"]
_YES = {"y", "ya", "yes", "true", "1"}
_NO = {"", "n", "t", "tidak", "no", "false", "0"}
_REASON_WORDS = {
    **{value: value for value in Case.TerminationReason.values},
    **{str(label).lower(): value for value, label in Case.TerminationReason.choices},
    "kembali ke keluarga": Case.TerminationReason.RETURNED_TO_FAMILY,
    "mandiri": Case.TerminationReason.INDEPENDENT,
    "dirujuk": Case.TerminationReason.REFERRED,
    "meninggal": Case.TerminationReason.DIED,
    "meninggal dunia": Case.TerminationReason.DIED,
    "kabur": Case.TerminationReason.RAN_AWAY,
    "melarikan diri": Case.TerminationReason.RAN_AWAY,
    "lainnya": Case.TerminationReason.OTHER,
}


@dataclass
class ImportRow:
    """One parsed row: a placement (or none) of one resident."""

    number: int
    registration_no: str
    institution: Institution
    identity: dict
    admitted_on: date | None
    discharged_on: date | None
    reason: str
    notes: str = ""


def text(value) -> str:
    return "" if value is None else str(value).strip()


def _date(value, label: str, problems: list[str]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(text(value)[:10])
        except ValueError:
            problems.append(
                _("%(label)s '%(value)s' bukan tanggal YYYY-MM-DD") % {"label": label, "value": value}
            )
            return None
    if day < EARLIEST:
        problems.append(_("%(label)s sebelum tahun 1900") % {"label": label})
        return None
    return day


def parse_row(
    number, raw, *, institutions, categories, codes, only_institution, actor, today, villages=None
) -> tuple[ImportRow | None, list[str], list[str]]:
    """``(row or None, problems, warnings)`` of the file's row ``number``; warnings do not block.

    ``villages`` maps the file's ``origin_village`` texts to the codes they name
    (``apps.regions.lookup.villages_by_text``)."""
    problems: list[str] = []
    warnings: list[str] = []
    code = text(raw.get("institution_code")).upper()
    institution = institutions.get(code)
    if institution is None:
        problems.append(_("lembaga '%(code)s' tidak dikenal") % {"code": code})
    elif only_institution is not None and institution.pk != only_institution.pk:
        problems.append(_("baris untuk lembaga %(code)s, bukan lembaga yang dipilih") % {"code": code})
    elif actor is not None and not permissions.can_register(actor, institution):
        problems.append(_("Anda tidak berwenang mengimpor PM untuk lembaga %(code)s") % {"code": code})
    registration_no = text(raw.get("registration_no"))
    if not registration_no:
        problems.append(_("nomor registrasi kosong"))
    elif len(registration_no) > 50:
        problems.append(_("nomor registrasi lebih dari 50 karakter"))
    full_name = " ".join(text(raw.get("full_name")).split())
    if not full_name:
        problems.append(_("nama lengkap kosong"))
    sex = text(raw.get("sex")).upper()
    if sex not in ("L", "P"):
        problems.append(_("jenis kelamin '%(v)s' harus L atau P") % {"v": raw.get("sex", "")})
        sex = None
    birth_date = _date(raw.get("birth_date"), _("tanggal lahir"), problems)
    if birth_date and birth_date > today:
        problems.append(_("tanggal lahir di masa depan"))
    estimated_text = text(raw.get("birth_date_estimated")).lower()
    if estimated_text not in _YES | _NO:
        problems.append(_("birth_date_estimated harus Y atau N"))
    estimated = estimated_text in _YES
    category = categories.get(text(raw.get("welfare_category")).upper())
    if category is None:
        problems.append(_("kategori PPKS '%(v)s' tidak dikenal") % {"v": raw.get("welfare_category", "")})
    nik = normalize_nik(raw.get("nik")) or None
    if nik:
        check = check_nik(
            nik,
            birth_date=birth_date,
            sex=sex,
            birth_date_estimated=estimated,
            today=today,
            known_codes=codes,
        )
        problems.extend(_("NIK: %(e)s") % {"e": e} for e in check.errors)
        warnings.extend(_("NIK: %(w)s") % {"w": w} for w in check.warnings)
    family_card_no = normalize_nik(raw.get("family_card_no"))
    problems.extend(check_family_card_no(family_card_no))
    admitted_on = _date(raw.get("admitted_on"), _("tanggal masuk"), problems)
    discharged_on = _date(raw.get("discharged_on"), _("tanggal keluar"), problems)
    if admitted_on and admitted_on > today:
        problems.append(_("tanggal masuk di masa depan"))
    if discharged_on and discharged_on > today:
        problems.append(_("tanggal keluar di masa depan"))
    if discharged_on and not admitted_on:
        problems.append(_("tanggal keluar tanpa tanggal masuk"))
    if admitted_on and discharged_on and discharged_on <= admitted_on:
        problems.append(_("tanggal keluar harus setelah tanggal masuk"))
    if admitted_on and birth_date and admitted_on < birth_date:
        problems.append(_("tanggal masuk sebelum tanggal lahir"))
    reason_text = text(raw.get("discharge_reason")).lower()
    reason = _REASON_WORDS.get(reason_text, "") if reason_text else ""
    if reason_text and not reason:
        problems.append(_("alasan keluar '%(v)s' tidak dikenal") % {"v": raw.get("discharge_reason")})
    origin_village = _origin_village(text(raw.get("origin_village")), villages or {}, problems)
    notes = text(raw.get("discharge_notes"))
    if reason == Case.TerminationReason.OTHER and not notes:
        problems.append(_("alasan keluar 'lainnya' perlu catatan keluar (discharge_notes)"))
    if problems:
        return None, problems, warnings
    identity = {
        "full_name": full_name[:150],
        "nickname": text(raw.get("nickname"))[:100],
        "nik": nik,
        "family_card_no": family_card_no,
        "sex": sex,
        "birth_place": text(raw.get("birth_place"))[:100],
        "birth_date": birth_date,
        "birth_date_estimated": estimated,
        "welfare_category_id": category.pk,
        "origin_village_id": origin_village,
    }
    row = ImportRow(number, registration_no, institution, identity, admitted_on, discharged_on, reason, notes)
    return row, [], warnings


def _origin_village(value: str, villages: dict[str, list[str]], problems: list[str]) -> str | None:
    if not value:
        return None
    found = villages.get(value, [])
    if len(found) == 1:
        return found[0]
    if found:
        problems.append(_("desa/kelurahan asal '%(v)s' ada di beberapa tempat; tulis kodenya") % {"v": value})
    else:
        problems.append(
            _(
                "desa/kelurahan asal '%(v)s' tidak dikenal; tulis kodenya (35.09.01.2001) "
                "atau 'Desa, Kecamatan, Kab/Kota'"
            )
            % {"v": value}
        )
    return None


IDENTITY_KEYS = ("full_name", "nik", "sex", "birth_date")


def check_group(rows: list[ImportRow]) -> list[RowError]:
    """One resident's rows: same person on every row, placements one after another."""
    errors = []
    first = rows[0]
    for row in rows[1:]:
        differing = [k for k in IDENTITY_KEYS if row.identity[k] != first.identity[k]]
        if differing:
            errors.append(
                RowError(
                    row.number,
                    _("data diri (%(fields)s) berbeda dengan baris %(row)s untuk nomor registrasi yang sama")
                    % {"fields": ", ".join(differing), "row": first.number},
                )
            )
    without = [r for r in rows if r.admitted_on is None]
    if without and len(rows) > 1:
        errors.extend(
            RowError(r.number, _("baris tanpa tanggal masuk hanya untuk PM yang tidak pernah ditempatkan"))
            for r in without
        )
        return errors
    placed = sorted((r for r in rows if r.admitted_on), key=lambda r: (r.admitted_on, r.number))
    for before, after in pairwise(placed):
        if before.discharged_on is None or before.discharged_on > after.admitted_on:
            errors.append(
                RowError(
                    after.number,
                    _("penempatan tumpang tindih dengan baris %(row)s (satu PM satu tempat pada satu waktu)")
                    % {"row": before.number},
                )
            )
    for index, row in enumerate(placed):
        following = placed[index + 1] if index + 1 < len(placed) else None
        ends_case = row.discharged_on and (following is None or following.admitted_on != row.discharged_on)
        if ends_case and not row.reason:
            errors.append(RowError(row.number, _("alasan keluar wajib diisi bila ada tanggal keluar")))
    return errors


def plan_cases(rows: list[ImportRow]) -> list[list[ImportRow]]:
    """The cases of one resident: runs of placements that follow each other on the same day."""
    placed = sorted((r for r in rows if r.admitted_on), key=lambda r: (r.admitted_on, r.number))
    cases: list[list[ImportRow]] = []
    for row in placed:
        if cases and cases[-1][-1].discharged_on == row.admitted_on:
            cases[-1].append(row)
        else:
            cases.append([row])
    return cases


def file_signature(rows: list[ImportRow]) -> tuple:
    first = rows[0]
    placements = frozenset((r.institution.pk, r.admitted_on, r.discharged_on) for r in rows if r.admitted_on)
    return tuple(first.identity[k] for k in IDENTITY_KEYS), placements
