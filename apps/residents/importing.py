"""Bulk import of residents and their placements from a spreadsheet (XLSX or CSV).

One row per placement, columns ``IMPORT_COLUMNS``. Rows with the same
``registration_no`` are one resident's placements; placements that follow each other
on the same day are transfers within one case, a gap starts a new case. A row without
``admitted_on`` is a PM without placement (served in the community).

All rows or none: every bad row is reported with its number and reason
(``ImportRejected``). Importing the same file again changes nothing: a registration
number already stored with the same person and placements is skipped. Writes are in
bulk (``bulk_create``); the pghistory triggers still write the audit rows, with the
importing user in the context.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise

import pghistory
from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import DomainError, ImportRejected, RowError
from apps.core.spreadsheets import read_rows
from apps.institutions.models import Institution, WelfareCategory

from . import permissions
from .models import AccessLog, Case, Placement, RegistrationCounter, Resident
from .nik import check_family_card_no, check_nik, known_region_codes, normalize_nik

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
]
REQUIRED_COLUMNS = ["institution_code", "registration_no", "full_name", "sex", "welfare_category"]
BATCH_SIZE = 2000
PROGRESS_EVERY = 1000

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
class ImportResult:
    rows: int = 0
    residents_created: int = 0
    cases_created: int = 0
    placements_created: int = 0
    unchanged: int = 0  # residents already stored exactly so (a repeated import)
    dry_run: bool = False
    warnings: list[RowError] = field(default_factory=list)  # e.g. a renumbered kab/kota in a NIK

    @property
    def count(self) -> int:
        return self.residents_created


@dataclass
class _Row:
    number: int
    registration_no: str
    institution: Institution
    identity: dict
    admitted_on: date | None
    discharged_on: date | None
    reason: str


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _date(value, label: str, problems: list[str]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value)[:10])
    except ValueError:
        problems.append(
            _("%(label)s '%(value)s' bukan tanggal YYYY-MM-DD") % {"label": label, "value": value}
        )
        return None


def _parse(number, raw, *, institutions, categories, codes, only_institution, actor, today, result):
    problems: list[str] = []
    code = _text(raw.get("institution_code")).upper()
    institution = institutions.get(code)
    if institution is None:
        problems.append(_("lembaga '%(code)s' tidak dikenal") % {"code": code})
    elif only_institution is not None and institution.pk != only_institution.pk:
        problems.append(_("baris untuk lembaga %(code)s, bukan lembaga yang dipilih") % {"code": code})
    elif actor is not None and not permissions.can_register(actor, institution):
        problems.append(_("Anda tidak berwenang mengimpor PM untuk lembaga %(code)s") % {"code": code})
    registration_no = _text(raw.get("registration_no"))
    if not registration_no:
        problems.append(_("nomor registrasi kosong"))
    elif len(registration_no) > 50:
        problems.append(_("nomor registrasi lebih dari 50 karakter"))
    full_name = " ".join(_text(raw.get("full_name")).split())
    if not full_name:
        problems.append(_("nama lengkap kosong"))
    sex = _text(raw.get("sex")).upper()
    if sex not in ("L", "P"):
        problems.append(_("jenis kelamin '%(v)s' harus L atau P") % {"v": raw.get("sex", "")})
        sex = None
    birth_date = _date(raw.get("birth_date"), _("tanggal lahir"), problems)
    if birth_date and birth_date > today:
        problems.append(_("tanggal lahir di masa depan"))
    estimated_text = _text(raw.get("birth_date_estimated")).lower()
    if estimated_text not in _YES | _NO:
        problems.append(_("birth_date_estimated harus Y atau N"))
    estimated = estimated_text in _YES
    category = categories.get(_text(raw.get("welfare_category")).upper())
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
        result.warnings.extend(RowError(number, _("NIK: %(w)s") % {"w": w}) for w in check.warnings)
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
    reason_text = _text(raw.get("discharge_reason")).lower()
    reason = _REASON_WORDS.get(reason_text, "") if reason_text else ""
    if reason_text and not reason:
        problems.append(_("alasan keluar '%(v)s' tidak dikenal") % {"v": raw.get("discharge_reason")})
    if problems:
        return None, problems
    identity = {
        "full_name": full_name[:150],
        "nickname": _text(raw.get("nickname"))[:100],
        "nik": nik,
        "family_card_no": family_card_no,
        "sex": sex,
        "birth_place": _text(raw.get("birth_place"))[:100],
        "birth_date": birth_date,
        "birth_date_estimated": estimated,
        "welfare_category_id": category.pk,
    }
    return _Row(number, registration_no, institution, identity, admitted_on, discharged_on, reason), []


_IDENTITY_KEYS = ("full_name", "nik", "sex", "birth_date")


def _check_group(rows: list[_Row]) -> list[RowError]:
    """One resident's rows: same person on every row, placements one after another."""
    errors = []
    first = rows[0]
    for row in rows[1:]:
        differing = [k for k in _IDENTITY_KEYS if row.identity[k] != first.identity[k]]
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


def _plan(rows: list[_Row]) -> list[list[_Row]]:
    """The cases of one resident: runs of placements that follow each other on the same day."""
    placed = sorted((r for r in rows if r.admitted_on), key=lambda r: (r.admitted_on, r.number))
    cases: list[list[_Row]] = []
    for row in placed:
        if cases and cases[-1][-1].discharged_on == row.admitted_on:
            cases[-1].append(row)
        else:
            cases.append([row])
    return cases


def _stored_signature(residents: list[Resident]) -> dict[str, tuple]:
    placements = defaultdict(set)
    for resident_id, institution_id, period in Placement.objects.filter(resident__in=residents).values_list(
        "resident_id", "institution_id", "period"
    ):
        placements[resident_id].add((institution_id, period.lower, period.upper))
    return {
        r.registration_no: (tuple(getattr(r, k) for k in _IDENTITY_KEYS), frozenset(placements[r.pk]))
        for r in residents
    }


def _file_signature(rows: list[_Row]) -> tuple:
    first = rows[0]
    placements = frozenset((r.institution.pk, r.admitted_on, r.discharged_on) for r in rows if r.admitted_on)
    return tuple(first.identity[k] for k in _IDENTITY_KEYS), placements


def residents_import(
    *, actor, source, filename: str | None = None, dry_run: bool = False, institution=None, progress=None
) -> ImportResult:
    """Import residents and placements from ``source`` (path or binary file), all or none.

    ``institution`` restricts the file to that institution (the upload page); ``actor``
    None is the command line (no per-institution permission check). ``dry_run`` checks
    everything and writes nothing. ``progress(done, total)`` is called on long files.
    Raises ``ImportRejected`` listing every bad row, ``DomainError`` for an unreadable file.
    """
    today = timezone.localdate()
    raw_rows = list(read_rows(source, filename=filename))
    if not raw_rows:
        raise DomainError(_("Berkas tidak berisi baris data."))
    missing = [c for c in REQUIRED_COLUMNS if c not in raw_rows[0][1]]
    if missing:
        raise DomainError(_("Kolom wajib tidak ada: %(cols)s") % {"cols": ", ".join(missing)})
    result = ImportResult(rows=len(raw_rows), dry_run=dry_run)
    total = len(raw_rows)

    with (
        transaction.atomic(),
        pghistory.context(user=actor.pk if actor is not None else None, source="import"),
    ):
        codes = {_text(r.get("institution_code")).upper() for _n, r in raw_rows}
        # Locked until the end: admissions elsewhere wait, so the capacity check below holds.
        institutions = {
            i.code: i for i in Institution.objects.select_for_update().filter(code__in=codes).order_by("pk")
        }
        categories = {c.code.upper(): c for c in WelfareCategory.objects.all()}
        region_codes = known_region_codes()
        errors: list[RowError] = []
        groups: dict[str, list[_Row]] = defaultdict(list)
        for done, (number, raw) in enumerate(raw_rows, start=1):
            row, problems = _parse(
                number,
                raw,
                institutions=institutions,
                categories=categories,
                codes=region_codes,
                only_institution=institution,
                actor=actor,
                today=today,
                result=result,
            )
            errors.extend(RowError(number, p) for p in problems)
            if row is not None:
                groups[row.registration_no].append(row)
            if progress and done % PROGRESS_EVERY == 0:
                progress(done, total)
        for rows in groups.values():
            errors.extend(_check_group(rows))

        # The same NIK under two registration numbers, in the file or against stored residents.
        nik_owner: dict[str, str] = {}
        for registration_no, rows in groups.items():
            nik = rows[0].identity["nik"]
            if not nik:
                continue
            if nik in nik_owner and nik_owner[nik] != registration_no:
                errors.append(
                    RowError(
                        rows[0].number,
                        _("NIK sama dengan PM bernomor %(no)s di berkas ini") % {"no": nik_owner[nik]},
                    )
                )
            nik_owner.setdefault(nik, registration_no)
        stored_niks = dict(
            Resident.objects.filter(nik__in=list(nik_owner)).values_list("nik", "registration_no")
        )
        for registration_no, rows in groups.items():
            nik = rows[0].identity["nik"]
            if nik and nik in stored_niks and stored_niks[nik] != registration_no:
                errors.append(RowError(rows[0].number, _("NIK sudah terdaftar pada PM lain")))

        existing = list(Resident.objects.filter(registration_no__in=list(groups)))
        stored = _stored_signature(existing)
        new_groups = {}
        for registration_no, rows in groups.items():
            if registration_no not in stored:
                new_groups[registration_no] = rows
            elif stored[registration_no] == _file_signature(rows):
                result.unchanged += 1
            else:
                errors.append(
                    RowError(
                        rows[0].number,
                        _(
                            "nomor registrasi %(no)s sudah ada dengan data atau penempatan berbeda; "
                            "ubah lewat halaman PM"
                        )
                        % {"no": registration_no},
                    )
                )

        # Capacity: residents still in care (no discharge date) take a place today.
        open_rows = sorted(
            (r for rows in new_groups.values() for r in rows if r.admitted_on and not r.discharged_on),
            key=lambda r: (r.admitted_on, r.number),
        )
        taken = Counter(
            dict(
                Placement.objects.current(today)
                .filter(institution__in=[i.pk for i in institutions.values()])
                .values("institution_id")
                .annotate(n=Count("id"))
                .values_list("institution_id", "n")
            )
        )
        for row in open_rows:
            taken[row.institution.pk] += 1
            if taken[row.institution.pk] > row.institution.capacity:
                errors.append(
                    RowError(
                        row.number,
                        _("kapasitas %(code)s (%(capacity)s) terlampaui oleh PM yang masih dalam pelayanan")
                        % {"code": row.institution.code, "capacity": row.institution.capacity},
                    )
                )

        if errors:
            raise ImportRejected(sorted(errors, key=lambda e: e.row))

        cases_plan = {no: _plan(rows) for no, rows in new_groups.items()}
        result.residents_created = len(new_groups)
        result.cases_created = sum(len(c) for c in cases_plan.values())
        result.placements_created = sum(len(run) for c in cases_plan.values() for run in c)
        if dry_run:
            return result
        _write(actor, new_groups, cases_plan, progress=progress)
        AccessLog.objects.create(
            user=actor,
            action=AccessLog.Action.IMPORT,
            detail={
                "rows": result.rows,
                "residents": result.residents_created,
                "placements": result.placements_created,
                "unchanged": result.unchanged,
            },
        )
    return result


def _write(actor, new_groups, cases_plan, *, progress) -> None:
    stamp = {"created_by": actor, "updated_by": actor}
    residents = []
    for registration_no, rows in new_groups.items():
        first_row = min(rows, key=lambda r: (r.admitted_on or date.max, r.number))
        residents.append(
            Resident(
                registration_no=registration_no,
                registered_at=first_row.institution,
                **rows[0].identity,
                **stamp,
            )
        )
    Resident.objects.bulk_create(residents, batch_size=BATCH_SIZE)
    if progress:
        progress(len(residents), len(residents))

    cases, runs = [], []
    for resident in residents:
        for run in cases_plan[resident.registration_no]:
            last = run[-1]
            closed = last.discharged_on is not None
            cases.append(
                Case(
                    resident=resident,
                    institution=last.institution,
                    opened_on=run[0].admitted_on,
                    referral_source=Case.ReferralSource.OTHER,
                    stage=Case.Stage.TERMINATION if closed else Case.Stage.APPROACH,
                    closed_on=last.discharged_on,
                    termination_reason=last.reason if closed else "",
                    **stamp,
                )
            )
            runs.append((resident, run))
    Case.objects.bulk_create(cases, batch_size=BATCH_SIZE)

    placements = []
    for case, (resident, run) in zip(cases, runs, strict=True):
        for index, row in enumerate(run):
            end_reason = ""
            if row.discharged_on:
                is_last = index == len(run) - 1
                end_reason = Placement.EndReason.DISCHARGE if is_last else Placement.EndReason.TRANSFER
            placements.append(
                Placement(
                    resident=resident,
                    case=case,
                    institution=row.institution,
                    period=DateRange(row.admitted_on, row.discharged_on),
                    end_reason=end_reason,
                    **stamp,
                )
            )
    Placement.objects.bulk_create(placements, batch_size=BATCH_SIZE)
    _advance_registration_counters(residents)


_NUMBER = re.compile(r"^(?P<code>[A-Z0-9-]+)-(?P<year>\d{4})-(?P<serial>\d{5})$")


def _advance_registration_counters(residents: list[Resident]) -> None:
    """Numbers imported in the generated format move their counter past them, so the next
    registration does not have to skip over them one by one."""
    highest: dict[tuple[int, int], int] = {}
    for resident in residents:
        match = _NUMBER.match(resident.registration_no)
        if match and match["code"] == resident.registered_at.code:
            key = (resident.registered_at_id, int(match["year"]))
            highest[key] = max(highest.get(key, 0), int(match["serial"]))
    if not highest:
        return
    RegistrationCounter.objects.bulk_create(
        [RegistrationCounter(institution_id=i, year=y) for i, y in highest], ignore_conflicts=True
    )
    for (institution_id, year), serial in highest.items():
        RegistrationCounter.objects.filter(
            institution_id=institution_id, year=year, last_serial__lt=serial
        ).update(last_serial=serial)
