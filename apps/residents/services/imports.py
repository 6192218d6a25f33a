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

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import pghistory
from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils.translation import gettext as _

from apps.core.dates import today as local_today
from apps.core.errors import DomainError, ImportRejected, RowError
from apps.core.imports import spec_of, with_codes
from apps.core.locks import lock_rows
from apps.core.spreadsheets import read_rows
from apps.institutions.models import Institution, WelfareCategory
from apps.regions.lookup import villages_by_text

from ..models import AccessLog, Case, Placement, RegistrationCounter, Resident
from ..nik import known_region_codes
from ._import_rows import (
    IDENTITY_KEYS,
    IMPORT_COLUMNS,
    REQUIRED_COLUMNS,
    ImportRow,
    check_group,
    file_signature,
    parse_row,
    plan_cases,
    text,
)
from .access_log import access_log
from .placements import OccupancyProfile, capacity_decision
from .registration import parse_registration_no

__all__ = ["IMPORT_COLUMNS", "IMPORT_KIND", "REQUIRED_COLUMNS", "ImportResult", "residents_import"]

# The ImportSpec of this import (apps/residents/imports.py): its Indonesian headings.
IMPORT_KIND = "residents_import"
BATCH_SIZE = 2000
PROGRESS_EVERY = 1000
PREVIEW_ROWS = 10


@dataclass
class ImportResult:
    rows: int = 0
    residents_created: int = 0
    cases_created: int = 0
    placements_created: int = 0
    unchanged: int = 0  # residents already stored exactly so (a repeated import)
    dry_run: bool = False
    warnings: list[RowError] = field(default_factory=list)  # e.g. a renumbered kab/kota in a NIK
    # The first rows that will be stored (new residents, in file order): the page's preview.
    preview: list[ImportRow] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.residents_created


def read_import_rows(source, *, filename: str | None = None) -> list[tuple[int, dict]]:
    """The rows of ``source`` keyed by column code (the Indonesian headings accepted too)."""
    return list(with_codes(read_rows(source, filename=filename), spec_of(IMPORT_KIND)))


def _no_progress(*, done=None, total=None, stage=None) -> None:
    pass


def residents_import(
    *,
    actor,
    source=None,
    rows: list | None = None,
    filename: str | None = None,
    dry_run: bool = False,
    institution=None,
    progress=None,
) -> ImportResult:
    """Import residents and placements from ``rows`` (as ``read_import_rows`` gives them) or
    ``source`` (path or binary file), all or none.

    ``institution`` restricts the file to that institution (the upload page); ``actor``
    None is the command line (no per-institution permission check). ``dry_run`` checks
    everything and writes nothing. ``progress(done=, total=, stage=)`` is told how far the
    checks and the writing got (a background job's progress bar; it may stop the import
    by raising, which rolls everything back).
    Raises ``ImportRejected`` listing every bad row, ``DomainError`` for an unreadable file.
    """
    today = local_today()
    progress = progress or _no_progress
    raw_rows = rows if rows is not None else read_import_rows(source, filename=filename)
    if not raw_rows:
        raise DomainError(_("Berkas tidak berisi baris data."))
    missing = [c for c in REQUIRED_COLUMNS if c not in raw_rows[0][1]]
    if missing:
        raise DomainError(_("Kolom wajib tidak ada: %(cols)s") % {"cols": ", ".join(missing)})
    result = ImportResult(rows=len(raw_rows), dry_run=dry_run)
    total = len(raw_rows)
    progress(done=0, total=total, stage=_("Memeriksa baris"))

    with (
        transaction.atomic(),
        pghistory.context(user=actor.pk if actor is not None else None, source="import"),
    ):
        codes = {text(r.get("institution_code")).upper() for _n, r in raw_rows}
        # Locked until the end: admissions elsewhere wait, so the capacity check below holds.
        institutions = {i.code: i for i in lock_rows(Institution.objects.filter(code__in=codes)).values()}
        categories = {c.code.upper(): c for c in WelfareCategory.objects.all()}
        region_codes = known_region_codes()
        villages = villages_by_text(r.get("origin_village") for _n, r in raw_rows)
        errors: list[RowError] = []
        groups: dict[str, list[ImportRow]] = defaultdict(list)
        for done, (number, raw) in enumerate(raw_rows, start=1):
            row, problems, warnings = parse_row(
                number,
                raw,
                institutions=institutions,
                categories=categories,
                codes=region_codes,
                villages=villages,
                only_institution=institution,
                actor=actor,
                today=today,
            )
            errors.extend(RowError(number, p) for p in problems)
            result.warnings.extend(RowError(number, w) for w in warnings)
            if row is not None:
                groups[row.registration_no].append(row)
            if done % PROGRESS_EVERY == 0:
                progress(done=done, total=total)
        progress(done=total, total=total, stage=_("Memeriksa NIK, data tersimpan dan kapasitas"))
        for group in groups.values():
            errors.extend(check_group(group))
        errors.extend(_nik_errors(groups))
        new_groups = _new_groups(groups, result, errors)
        errors.extend(_capacity_errors(new_groups))
        if errors:
            raise ImportRejected(sorted(errors, key=lambda e: e.row))

        cases_plan = {no: plan_cases(rows) for no, rows in new_groups.items()}
        result.residents_created = len(new_groups)
        result.cases_created = sum(len(c) for c in cases_plan.values())
        result.placements_created = sum(len(run) for c in cases_plan.values() for run in c)
        result.preview = sorted((r for rs in new_groups.values() for r in rs), key=lambda r: r.number)[
            :PREVIEW_ROWS
        ]
        if dry_run:
            return result
        _write(actor, new_groups, cases_plan, progress=progress)
        access_log(
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


# --- checks across residents and against stored data ----------------------------------------


def _nik_errors(groups: dict[str, list[ImportRow]]) -> list[RowError]:
    """The same NIK under two registration numbers, in the file or against stored residents."""
    errors = []
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
    stored_niks = dict(Resident.objects.filter(nik__in=list(nik_owner)).values_list("nik", "registration_no"))
    for registration_no, rows in groups.items():
        nik = rows[0].identity["nik"]
        if nik and nik in stored_niks and stored_niks[nik] != registration_no:
            errors.append(RowError(rows[0].number, _("NIK sudah terdaftar pada PM lain")))
    return errors


def _stored_signature(residents: list[Resident]) -> dict[str, tuple]:
    placements = defaultdict(set)
    for resident_id, institution_id, period in Placement.objects.filter(resident__in=residents).values_list(
        "resident_id", "institution_id", "period"
    ):
        placements[resident_id].add((institution_id, period.lower, period.upper))
    return {
        r.registration_no: (tuple(getattr(r, k) for k in IDENTITY_KEYS), frozenset(placements[r.pk]))
        for r in residents
    }


def _new_groups(groups, result: ImportResult, errors: list[RowError]) -> dict[str, list[ImportRow]]:
    """The residents not stored yet. One stored exactly as in the file is counted as
    unchanged; one stored otherwise is an error (changes go through the PM's page)."""
    stored = _stored_signature(list(Resident.objects.filter(registration_no__in=list(groups))))
    new_groups = {}
    for registration_no, rows in groups.items():
        if registration_no not in stored:
            new_groups[registration_no] = rows
        elif stored[registration_no] == file_signature(rows):
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
    return new_groups


def _capacity_errors(new_groups: dict[str, list[ImportRow]]) -> list[RowError]:
    """Rows of residents still in care, taken as admissions in date order, under the rule of
    ``case_admit``: each must fit on every day from its admission on, beside the stored
    placements and the rows before it. A file carries no head's approval, so a row over
    capacity is refused as for anyone who may not approve it.

    Rows with a discharge date are history, decided when it happened: they are neither
    checked nor counted (the import never counted them).
    """
    open_rows = sorted(
        (r for rows in new_groups.values() for r in rows if r.admitted_on and not r.discharged_on),
        key=lambda r: (r.admitted_on, r.number),
    )
    if not open_rows:
        return []
    periods = defaultdict(list)
    for institution_id, period in Placement.objects.filter(
        institution__in={r.institution.pk for r in open_rows},
        period__overlap=DateRange(open_rows[0].admitted_on, None),
    ).values_list("institution_id", "period"):
        periods[institution_id].append(period)
    stored = {pk: OccupancyProfile(p) for pk, p in periods.items()}
    empty = OccupancyProfile([])
    earlier: Counter = Counter()  # open rows before this one: each holds a place on every later day
    errors = []
    for row in open_rows:
        institution = row.institution
        taken = stored.get(institution.pk, empty).peak_from(row.admitted_on) + earlier[institution.pk]
        earlier[institution.pk] += 1
        try:
            capacity_decision(actor=None, institution=institution, taken=taken)
        except DomainError as refused:
            errors.append(RowError(row.number, refused.message))
    return errors


# --- writing ---------------------------------------------------------------------------------


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
    total = (
        len(residents)
        + sum(len(c) for c in cases_plan.values())
        + sum(len(run) for c in cases_plan.values() for run in c)
    )
    progress(done=0, total=total, stage=_("Menyimpan"))
    written = _bulk_create(Resident, residents, progress, 0, total)

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
                    termination_notes=last.notes if closed else "",
                    **stamp,
                )
            )
            runs.append((resident, run))
    written = _bulk_create(Case, cases, progress, written, total)

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
    written = _bulk_create(Placement, placements, progress, written, total)
    _advance_registration_counters(residents)
    progress(done=written, total=total, stage=_("Tersimpan"))


def _bulk_create(model, objects: list, progress, written: int, total: int) -> int:
    """Insert ``objects`` in batches, telling ``progress`` after each; the rows written so far."""
    for start in range(0, len(objects), BATCH_SIZE):
        batch = objects[start : start + BATCH_SIZE]
        model.objects.bulk_create(batch)
        written += len(batch)
        progress(done=written, total=total)
    return written


def _advance_registration_counters(residents: list[Resident]) -> None:
    """Numbers imported in the generated format (``format_registration_no``) move their
    counter past them, so the next registration does not have to skip over them one by one."""
    highest: dict[tuple[int, int], int] = {}
    for resident in residents:
        parsed = parse_registration_no(resident.registration_no)
        if parsed is not None and parsed[0] == resident.registered_at.code:
            key = (resident.registered_at_id, parsed[1])
            highest[key] = max(highest.get(key, 0), parsed[2])
    if not highest:
        return
    RegistrationCounter.objects.bulk_create(
        [RegistrationCounter(institution_id=i, year=y) for i, y in highest], ignore_conflicts=True
    )
    for (institution_id, year), serial in highest.items():
        RegistrationCounter.objects.filter(
            institution_id=institution_id, year=year, last_serial__lt=serial
        ).update(last_serial=serial)
