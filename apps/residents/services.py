"""Every write about a resident (PM). Keyword-only, atomic, taking the acting user.

Each service runs in one transaction inside ``pghistory.context(user=...)``, so the
audit history records who made the change also outside a request (management
commands, imports). Rules that decide between concurrent writers lock the rows they
depend on: the registration counter, the resident, the receiving institution.
"""

import functools
from datetime import date, timedelta

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.institutions.models import Institution
from apps.institutions.scope import UserScope

from . import permissions
from .duplicates import DuplicateMatches, find_duplicates
from .models import (
    AccessLog,
    Case,
    Consent,
    Document,
    FamilyMember,
    Placement,
    RegistrationCounter,
    Resident,
    ResidentEvent,
)
from .nik import check_family_card_no, check_nik, normalize_nik

# Resident fields a form or an import may set. Not: registration_no, registered_at (set
# once by registration), the timestamps.
RESIDENT_FIELDS = (
    "full_name",
    "nickname",
    "sex",
    "birth_place",
    "birth_date",
    "birth_date_estimated",
    "nik",
    "family_card_no",
    "religion",
    "marital_status",
    "education",
    "origin_village",
    "origin_street",
    "origin_rt",
    "origin_rw",
    "mother_name",
    "welfare_category",
    "disabilities",
    "health_notes",
    "allergies",
    "photo",
    "dtsen_id",
    "welfare_decile",
)
_FK_ATTNAMES = {"origin_village_id": "origin_village", "welfare_category_id": "welfare_category"}

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
# The first bytes of each accepted file type (content sniffing, not the extension).
_SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)

# Keys an access log ``detail`` may never carry: they would copy personal data (or a
# search for it) into a log that is kept for years.
_PII_DETAIL_KEYS = frozenset(
    {"q", "search", "query", "nik", "name", "full_name", "nickname", "mother_name", "family_card_no"}
    | {"phone", "address", "birth_date", "text"}
)


class InvalidData(DomainError):
    """Input that breaks a rule of a field. ``errors`` maps field names to messages."""

    def __init__(self, errors: dict[str, list[str]], message=None):
        super().__init__(message or _("Data belum benar; periksa isian yang ditandai."), code="invalid")
        self.errors = errors


class DuplicateSuspected(DomainError):
    """The person may already be registered. ``matches`` is a ``DuplicateMatches``.

    ``blocking`` is true when the NIK itself is taken: that cannot be overridden with
    ``allow_duplicates`` (the NIK is unique).
    """

    def __init__(self, message, *, matches: DuplicateMatches, blocking: bool = False):
        super().__init__(message, code="nik_taken" if blocking else "possible_duplicate")
        self.matches = matches
        self.blocking = blocking


def _service(func):
    """Run ``func`` atomically, with the actor in the audit-history context."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        actor = kwargs.get("actor")
        with transaction.atomic(), pghistory.context(user=actor.pk if actor is not None else None):
            return func(*args, **kwargs)

    return wrapper


def _today() -> date:
    return timezone.localdate()


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise DomainError(message, code="forbidden")


def _not_in_future(on: date, label: str) -> None:
    if on > _today():
        raise DomainError(_("%(label)s tidak boleh di masa depan.") % {"label": label})


# --- residents ----------------------------------------------------------------------------


def _normalise_resident_data(data: dict) -> dict:
    """``data`` with foreign keys as objects or ids, NIK and No. KK as bare digits."""
    clean = {}
    for key, value in data.items():
        name = _FK_ATTNAMES.get(key, key)
        if name not in RESIDENT_FIELDS:
            raise ValueError(f"Resident field not accepted by services: {key}")
        if name in _FK_ATTNAMES.values() and value is not None and not hasattr(value, "pk"):
            clean[f"{name}_id"] = value or None
        else:
            clean[name] = value
    if "nik" in clean:
        clean["nik"] = normalize_nik(clean["nik"]) or None
    if "family_card_no" in clean:
        clean["family_card_no"] = normalize_nik(clean["family_card_no"])
    for text in ("full_name", "nickname", "mother_name"):
        if isinstance(clean.get(text), str):
            clean[text] = " ".join(clean[text].split())
    return clean


def _validate_resident(resident: Resident, *, exclude=()) -> list[str]:
    """Field errors (raised as ``InvalidData``) and NIK warnings (returned)."""
    errors: dict[str, list[str]] = {}
    try:
        # Check constraints are the database's job (one query each here); field validation
        # and the NIK uniqueness message stay.
        resident.full_clean(
            exclude=["registration_no", "registered_at", "photo", *exclude], validate_constraints=False
        )
    except ValidationError as exc:
        errors.update({k: list(v) for k, v in exc.message_dict.items()})
    if resident.birth_date and resident.birth_date > _today():
        errors.setdefault("birth_date", []).append(_("Tanggal lahir tidak boleh di masa depan."))
    warnings: list[str] = []
    if resident.nik and "nik" not in errors:
        check = check_nik(
            resident.nik,
            birth_date=resident.birth_date,
            sex=resident.sex,
            birth_date_estimated=resident.birth_date_estimated,
        )
        if check.errors:
            errors["nik"] = check.errors
        warnings = check.warnings
    card_errors = check_family_card_no(resident.family_card_no)
    if card_errors and "family_card_no" not in errors:
        errors["family_card_no"] = card_errors
    if errors:
        raise InvalidData(errors)
    return warnings


def next_registration_no(institution: Institution, year: int) -> str:
    """``<institution code>-<year>-<serial of 5 digits>``, e.g. ``UPT-JBR-2026-00042``.

    The per-institution, per-year counter row is locked until the transaction ends, so
    two registrations never get the same number. Numbers brought in by an import are
    skipped over.
    """
    RegistrationCounter.objects.bulk_create(
        [RegistrationCounter(institution=institution, year=year)], ignore_conflicts=True
    )
    counter = RegistrationCounter.objects.select_for_update().get(institution=institution, year=year)
    while True:
        counter.last_serial += 1
        number = f"{institution.code}-{year}-{counter.last_serial:05d}"
        if not Resident.objects.filter(registration_no=number).exists():
            break
    counter.save(update_fields=["last_serial"])
    return number


def _family_member(actor, resident, data: dict) -> FamilyMember:
    data = dict(data)
    if data.get("nik"):
        data["nik"] = normalize_nik(data["nik"])
    member = FamilyMember(resident=resident, **data)
    errors: dict[str, list[str]] = {}
    try:
        member.full_clean(exclude=["resident"])
    except ValidationError as exc:
        errors.update({k: list(v) for k, v in exc.message_dict.items()})
    if member.nik and "nik" not in errors:
        nik_errors = check_nik(member.nik).errors
        if nik_errors:
            errors["nik"] = nik_errors
    if errors:
        raise InvalidData(errors)
    member.stamp(actor)
    member.save()
    return member


def _consent(actor, resident, *, given_on, given_by, scope) -> Consent:
    consent = Consent(resident=resident, given_on=given_on, given_by=given_by, scope=scope)
    try:
        consent.full_clean(exclude=["resident"])
    except ValidationError as exc:
        raise InvalidData({k: list(v) for k, v in exc.message_dict.items()}) from exc
    if consent.given_on > _today():
        raise InvalidData({"given_on": [_("Tanggal persetujuan tidak boleh di masa depan.")]})
    consent.stamp(actor)
    consent.save()
    return consent


@_service
def resident_register(
    *,
    actor,
    institution: Institution,
    data: dict,
    family=(),
    consent: dict | None = None,
    allow_duplicates: bool = False,
) -> Resident:
    """Register a PM at ``institution``, with a generated registration number.

    A PM needs no placement (served in the community). The NIK, when given, must pass
    the checks of ``nik.check_nik`` (its warnings are returned in ``nik_warnings``).
    A person who may already be registered anywhere raises ``DuplicateSuspected``
    unless ``allow_duplicates``; a NIK already taken always does.
    """
    _require(
        permissions.can_register(actor, institution),
        _("Anda tidak berwenang mendaftarkan PM di lembaga ini."),
    )
    if not institution.is_active:
        raise DomainError(_("Lembaga ini tidak aktif."))
    resident = Resident(registered_at=institution, **_normalise_resident_data(data))
    warnings = _validate_resident(resident, exclude=["nik"] if resident.nik else ())

    matches = find_duplicates(
        user=actor,
        full_name=resident.full_name,
        birth_date=resident.birth_date,
        nik=resident.nik,
        mother_name=resident.mother_name,
    )
    if matches.nik_taken:
        raise DuplicateSuspected(_("NIK ini sudah terdaftar pada PM lain."), matches=matches, blocking=True)
    if matches.found and not allow_duplicates:
        raise DuplicateSuspected(
            _("Mungkin orang ini sudah terdaftar. Periksa data yang mirip sebelum melanjutkan."),
            matches=matches,
        )

    resident.registration_no = next_registration_no(institution, _today().year)
    resident.stamp(actor)
    resident.save()
    for member in family:
        _family_member(actor, resident, member)
    if consent:
        _consent(actor, resident, **consent)
    resident.nik_warnings = warnings
    return resident


@_service
def resident_update(*, actor, resident: Resident, data: dict) -> Resident:
    """Change a PM's personal data; only fields that really change are written (and audited).

    The NIK rules apply as at registration; a NIK taken by another PM is refused.
    """
    _require(permissions.can_edit_resident(actor, resident), _("Anda tidak berwenang mengubah data PM ini."))
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    clean = _normalise_resident_data(data)
    changed = [k for k, v in clean.items() if getattr(resident, k) != v]
    for key in changed:
        setattr(resident, key, clean[key])
    warnings = _validate_resident(resident, exclude=["nik"] if resident.nik else ())
    nik_changed = "nik" in changed and resident.nik
    if nik_changed and Resident.objects.filter(nik=resident.nik).exclude(pk=resident.pk).exists():
        raise InvalidData({"nik": [_("NIK ini sudah terdaftar pada PM lain.")]})
    if changed:
        resident.stamp(actor)
        # Field names, not attnames, are what ``update_fields`` wants.
        fields = [_FK_ATTNAMES.get(k, k) for k in changed]
        resident.save(update_fields=[*fields, "updated_at", "updated_by"])
    resident.nik_warnings = warnings
    return resident


@_service
def family_member_add(*, actor, resident: Resident, data: dict) -> FamilyMember:
    """Add a relative or guardian to a PM's file."""
    _require(permissions.can_edit_resident(actor, resident), _("Anda tidak berwenang mengubah data PM ini."))
    return _family_member(actor, resident, data)


@_service
def consent_record(*, actor, resident: Resident, given_on: date, given_by: str, scope: str) -> Consent:
    """Record consent to processing the PM's personal data (UU PDP): when, by whom, for what."""
    _require(permissions.can_edit_resident(actor, resident), _("Anda tidak berwenang mengubah data PM ini."))
    return _consent(actor, resident, given_on=given_on, given_by=given_by, scope=scope)


def sniff_content_type(head: bytes) -> tuple[str, str] | None:
    """``(content type, extension)`` from a file's first bytes, or None if not PDF/JPEG/PNG."""
    for signature, content_type, extension in _SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


@_service
def document_add(*, actor, resident: Resident, kind: str, file, description: str = "") -> Document:
    """Keep a scanned document of a PM: PDF, JPEG or PNG (judged by its content, not
    its name), at most 5 MB, stored under a random name through Django's storage."""
    _require(permissions.can_edit_resident(actor, resident), _("Anda tidak berwenang mengubah data PM ini."))
    if kind not in Document.Kind.values:
        raise InvalidData({"kind": [_("Jenis dokumen tidak dikenal.")]})
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size == 0:
        raise InvalidData({"file": [_("Berkas kosong.")]})
    if size > MAX_DOCUMENT_BYTES:
        raise InvalidData({"file": [_("Berkas lebih dari 5 MB.")]})
    file.seek(0)
    sniffed = sniff_content_type(file.read(16))
    file.seek(0)
    if sniffed is None:
        raise InvalidData({"file": [_("Hanya berkas PDF, JPEG atau PNG yang diterima.")]})
    content_type, extension = sniffed
    document = Document(
        resident=resident, kind=kind, content_type=content_type, size=size, description=description[:200]
    )
    document.stamp(actor)
    # The name only carries the extension of the real type; document_upload_to makes it random.
    document.file.save(f"dokumen.{extension}", file, save=False)
    document.save()
    return document


def access_log(
    *, user, action: str, resident: Resident | None = None, detail: dict | None = None
) -> AccessLog:
    """Append who opened, exported or imported what. ``detail`` holds counts, filter names
    and ids, never personal data or free-text searches (``ValueError`` if it tries)."""
    if action not in AccessLog.Action.values:
        raise ValueError(f"Unknown access log action: {action}")
    detail = dict(detail or {})
    leaked = _PII_DETAIL_KEYS.intersection(k.lower() for k in detail)
    if leaked:
        raise ValueError(f"Access log detail must not contain personal data: {sorted(leaked)}")
    for value in detail.values():
        values = value if isinstance(value, list | tuple) else [value]
        if not all(v is None or isinstance(v, bool | int | float | str) for v in values):
            raise ValueError("Access log detail values must be plain numbers, strings or lists of them.")
    if user is not None and not user.is_authenticated:
        user = None
    return AccessLog.objects.create(user=user, action=action, resident=resident, detail=detail)


# --- cases and placements -----------------------------------------------------------------


def _peak_occupancy_from(institution_id, on: date) -> int:
    """The most places taken at the institution on any day from ``on`` onwards.

    Usually the count on ``on``; larger when placements recorded later start after it
    (a back-dated admission must fit on every day it covers).
    """
    periods = list(
        Placement.objects.filter(
            institution_id=institution_id, period__overlap=DateRange(on, None)
        ).values_list("period", flat=True)
    )
    days = {on} | {p.lower for p in periods if p.lower > on}
    return max(
        sum(1 for p in periods if p.lower <= day and (p.upper is None or day < p.upper)) for day in days
    )


def _capacity_decision(actor, institution: Institution, on: date, reason: str):
    """``(approved_by, reason)`` for a new placement at ``institution`` from ``on``.

    Must run with the institution row locked (``select_for_update``): the count and the
    insert that follows are then one step for every other admission to this institution.
    """
    taken = _peak_occupancy_from(institution.pk, on)
    if taken < institution.capacity:
        return None, ""
    reason = (reason or "").strip()
    params = {"name": institution.name, "taken": taken, "capacity": institution.capacity}
    if not UserScope.of(actor).is_head_of(institution):
        raise DomainError(
            _(
                "%(name)s sudah penuh (%(taken)s dari %(capacity)s tempat). Penempatan melebihi "
                "kapasitas hanya dapat disetujui kepala lembaga dengan alasan tertulis."
            )
            % params,
            code="over_capacity",
        )
    if not reason:
        raise DomainError(
            _(
                "%(name)s sudah penuh (%(taken)s dari %(capacity)s tempat). Tuliskan alasan "
                "persetujuan melebihi kapasitas."
            )
            % params,
            code="over_capacity_reason",
        )
    return actor, reason


def _lock_resident(pk) -> Resident:
    return Resident.objects.select_for_update().get(pk=pk)


def _lock_institution(institution: Institution) -> Institution:
    locked = Institution.objects.select_for_update().get(pk=institution.pk)
    if not locked.is_active:
        raise DomainError(_("Lembaga %(name)s tidak aktif.") % {"name": locked.name})
    return locked


def _has_died(resident: Resident) -> bool:
    return ResidentEvent.objects.filter(resident=resident, kind=ResidentEvent.Kind.DEATH).exists()


@_service
def case_admit(
    *,
    actor,
    resident: Resident,
    institution: Institution,
    on: date,
    referral_source: str,
    referral_letter_no: str = "",
    room: str = "",
    over_capacity_reason: str = "",
) -> Placement:
    """Admit a PM into ``institution`` from ``on``: open a case if none is open, and a placement.

    A PM has one placement at a time (use ``placement_transfer`` to move). If the
    institution is full on any day from ``on``, only its head may admit, with a written
    reason; the check runs with the institution row locked so two staff cannot both
    take the last place.
    """
    _require(permissions.can_admit(actor, institution), _("Anda tidak berwenang menerima PM di lembaga ini."))
    _not_in_future(on, _("Tanggal masuk"))
    resident = _lock_resident(resident.pk)
    if _has_died(resident):
        raise DomainError(_("PM ini tercatat meninggal dunia."))
    clash = (
        Placement.objects.filter(resident=resident, period__overlap=DateRange(on, None))
        .select_related("institution")
        .order_by("period")
        .first()
    )
    if clash is not None:
        if clash.end is None:
            raise DomainError(
                _("PM masih ditempatkan di %(name)s sejak %(start)s; gunakan pindah lembaga.")
                % {"name": clash.institution.name, "start": clash.start.strftime("%d-%m-%Y")}
            )
        raise DomainError(
            _("Tanggal masuk bertabrakan dengan penempatan di %(name)s (%(start)s s.d. %(end)s).")
            % {
                "name": clash.institution.name,
                "start": clash.start.strftime("%d-%m-%Y"),
                "end": clash.end.strftime("%d-%m-%Y"),
            }
        )

    case = Case.objects.select_for_update().filter(resident=resident, closed_on__isnull=True).first()
    if case is None:
        if referral_source not in Case.ReferralSource.values:
            raise InvalidData({"referral_source": [_("Pilih sumber rujukan.")]})
        case = Case(
            resident=resident,
            institution=institution,
            opened_on=on,
            referral_source=referral_source,
            referral_letter_no=referral_letter_no,
        )
    else:
        if case.opened_on > on:
            raise DomainError(
                _("Tanggal masuk sebelum kasus dibuka (%(date)s).")
                % {"date": case.opened_on.strftime("%d-%m-%Y")}
            )
        case.institution = institution
    case.stamp(actor)
    case.save()

    institution = _lock_institution(institution)
    approved_by, reason = _capacity_decision(actor, institution, on, over_capacity_reason)
    placement = Placement(
        resident=resident,
        case=case,
        institution=institution,
        period=DateRange(on, None),
        room=room,
        over_capacity_approved_by=approved_by,
        over_capacity_reason=reason,
    )
    placement.stamp(actor)
    placement.save()
    return placement


@_service
def placement_transfer(
    *,
    actor,
    placement: Placement,
    to_institution: Institution,
    on: date,
    room: str = "",
    over_capacity_reason: str = "",
) -> Placement:
    """Move a PM to ``to_institution`` on ``on``: the current placement ends and the next
    starts on the same day, in one transaction, under the same case.

    The receiving institution's capacity is checked as for an admission (its head
    approves going over it, with a reason).
    """
    _require(permissions.can_transfer(actor, placement), _("Anda tidak berwenang memindahkan PM ini."))
    _not_in_future(on, _("Tanggal pindah"))
    _lock_resident(placement.resident_id)
    placement = (
        Placement.objects.select_for_update().select_related("case", "institution").get(pk=placement.pk)
    )
    if placement.end is not None:
        raise DomainError(_("Penempatan ini sudah berakhir."))
    if to_institution.pk == placement.institution_id:
        raise DomainError(_("Lembaga tujuan sama dengan lembaga sekarang."))
    if on <= placement.start:
        raise DomainError(
            _("Tanggal pindah harus setelah tanggal masuk (%(date)s).")
            % {"date": placement.start.strftime("%d-%m-%Y")}
        )
    to_institution = _lock_institution(to_institution)
    approved_by, reason = _capacity_decision(actor, to_institution, on, over_capacity_reason)

    placement.period = DateRange(placement.start, on)
    placement.end_reason = Placement.EndReason.TRANSFER
    placement.stamp(actor)
    placement.save(update_fields=["period", "end_reason", "updated_at", "updated_by"])
    new = Placement(
        resident_id=placement.resident_id,
        case=placement.case,
        institution=to_institution,
        period=DateRange(on, None),
        room=room,
        over_capacity_approved_by=approved_by,
        over_capacity_reason=reason,
    )
    new.stamp(actor)
    new.save()
    case = placement.case
    case.institution = to_institution
    case.stamp(actor)
    case.save(update_fields=["institution", "updated_at", "updated_by"])
    return new


def _close_case(actor, case: Case, on: date, reason: str, notes: str, *, at_least_one_day=False) -> Case:
    if reason not in Case.TerminationReason.values:
        raise InvalidData({"reason": [_("Pilih alasan terminasi.")]})
    if on < case.opened_on:
        raise DomainError(
            _("Tanggal terminasi sebelum kasus dibuka (%(date)s).")
            % {"date": case.opened_on.strftime("%d-%m-%Y")}
        )
    placement = (
        Placement.objects.select_for_update()
        .filter(case=case, period__upper_inf=True)
        .order_by("-id")
        .first()
    )
    if placement is not None:
        end = on
        if on <= placement.start:
            if not at_least_one_day or on < placement.start:
                raise DomainError(
                    _("Tanggal keluar harus setelah tanggal masuk (%(date)s).")
                    % {"date": placement.start.strftime("%d-%m-%Y")}
                )
            # Died on the day of admission: the place was held that day.
            end = placement.start + timedelta(days=1)
        placement.period = DateRange(placement.start, end)
        placement.end_reason = Placement.EndReason.DISCHARGE
        placement.stamp(actor)
        placement.save(update_fields=["period", "end_reason", "updated_at", "updated_by"])
    case.closed_on = on
    case.termination_reason = reason
    case.termination_notes = notes
    case.stage = Case.Stage.TERMINATION
    case.stamp(actor)
    case.save()
    return case


@_service
def case_terminate(*, actor, case: Case, on: date, reason: str, notes: str = "") -> Case:
    """Close a case on ``on`` with a termination reason; its open placement ends that day.

    Staff of the responsible institution may terminate (decision: no separate head
    approval yet; the audit history records who did it).
    """
    _require(permissions.can_discharge(actor, case), _("Anda tidak berwenang melakukan terminasi kasus ini."))
    _not_in_future(on, _("Tanggal terminasi"))
    _lock_resident(case.resident_id)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.closed_on is not None:
        raise DomainError(_("Kasus ini sudah ditutup."))
    return _close_case(actor, case, on, reason, notes)


@_service
def case_stage_set(*, actor, case: Case, stage: str) -> Case:
    """Move a case to another stage of PP 39/2012. A closed case may only be in
    termination or aftercare (bimbingan lanjut)."""
    _require(permissions.can_discharge(actor, case), _("Anda tidak berwenang mengubah kasus ini."))
    if stage not in Case.Stage.values:
        raise InvalidData({"stage": [_("Tahap tidak dikenal.")]})
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.closed_on is not None and stage not in (Case.Stage.TERMINATION, Case.Stage.AFTERCARE):
        raise DomainError(_("Kasus sudah ditutup: hanya tahap terminasi atau bimbingan lanjut."))
    if case.stage != stage:
        case.stage = stage
        case.stamp(actor)
        case.save(update_fields=["stage", "updated_at", "updated_by"])
    return case


# --- residential events -------------------------------------------------------------------


def _close_absence(actor, event: ResidentEvent, returned_on: date) -> ResidentEvent:
    if returned_on < event.occurred_on:
        raise DomainError(_("Tanggal kembali tidak boleh sebelum tanggal kejadian."))
    _not_in_future(returned_on, _("Tanggal kembali"))
    event.returned_on = returned_on
    event.stamp(actor)
    event.save(update_fields=["returned_on", "updated_at", "updated_by"])
    if event.kind == ResidentEvent.Kind.RAN_AWAY:
        back = ResidentEvent(
            resident_id=event.resident_id,
            placement_id=event.placement_id,
            kind=ResidentEvent.Kind.RETURNED,
            occurred_on=returned_on,
        )
        back.stamp(actor)
        back.save()
    return event


@_service
def event_record(
    *,
    actor,
    resident: Resident,
    kind: str,
    on: date,
    expected_return_on: date | None = None,
    returned_on: date | None = None,
    room: str = "",
    notes: str = "",
) -> ResidentEvent:
    """Record something in the PM's residential life on ``on``.

    - home leave (needs an expected return), hospital stay, running away: the PM
      keeps the place; one such absence at a time; ended by ``event_close``;
    - returned (after running away): closes the open running-away event;
    - room or wing move: changes the room of the current placement;
    - death: closes the open case with reason ``died`` and ends the placement.
    All but death need a placement on ``on``.
    """
    _require(
        permissions.can_record_event(actor, resident), _("Anda tidak berwenang mencatat kejadian PM ini.")
    )
    if kind not in ResidentEvent.Kind.values:
        raise InvalidData({"kind": [_("Jenis kejadian tidak dikenal.")]})
    _not_in_future(on, _("Tanggal kejadian"))
    resident = _lock_resident(resident.pk)
    if _has_died(resident):
        raise DomainError(_("PM ini tercatat meninggal dunia."))
    placement = Placement.objects.current(on).filter(resident=resident).select_for_update().first()
    Kind = ResidentEvent.Kind
    if placement is None and kind != Kind.DEATH:
        raise DomainError(_("PM tidak sedang ditempatkan di lembaga pada tanggal itu."))
    open_absence = (
        ResidentEvent.objects.open_absences().filter(resident=resident).order_by("-occurred_on").first()
    )

    if kind == Kind.RETURNED:
        if open_absence is None or open_absence.kind != Kind.RAN_AWAY:
            raise DomainError(_("Tidak ada catatan kabur yang belum kembali."))
        _close_absence(actor, open_absence, on)
        return ResidentEvent.objects.filter(resident=resident, kind=Kind.RETURNED).latest("id")

    event = ResidentEvent(
        resident=resident, placement=placement, kind=kind, occurred_on=on, notes=notes, room=""
    )
    if kind in ResidentEvent.ABSENCE_KINDS:
        if open_absence is not None:
            raise DomainError(
                _("PM masih tercatat %(kind)s sejak %(date)s; catat kepulangannya dulu.")
                % {
                    "kind": open_absence.get_kind_display().lower(),
                    "date": open_absence.occurred_on.strftime("%d-%m-%Y"),
                }
            )
        if kind == Kind.HOME_LEAVE and expected_return_on is None:
            raise InvalidData({"expected_return_on": [_("Isi tanggal rencana kembali.")]})
        if expected_return_on is not None and expected_return_on < on:
            raise InvalidData(
                {"expected_return_on": [_("Rencana kembali tidak boleh sebelum tanggal izin.")]}
            )
        if kind != Kind.RAN_AWAY:
            event.expected_return_on = expected_return_on
    elif kind == Kind.ROOM_MOVE:
        room = (room or "").strip()
        if not room:
            raise InvalidData({"room": [_("Isi kamar/wisma baru.")]})
        event.room = room
        placement.room = room
        placement.stamp(actor)
        placement.save(update_fields=["room", "updated_at", "updated_by"])
    event.stamp(actor)
    event.save()
    if returned_on is not None and kind in ResidentEvent.ABSENCE_KINDS:
        _close_absence(actor, event, returned_on)
    if kind == Kind.DEATH:
        case = Case.objects.select_for_update().filter(resident=resident, closed_on__isnull=True).first()
        if case is not None:
            _close_case(actor, case, on, Case.TerminationReason.DIED, notes, at_least_one_day=True)
    return event


@_service
def event_close(*, actor, event: ResidentEvent, returned_on: date) -> ResidentEvent:
    """End a home leave, hospital stay or running away with the day the PM came back."""
    _require(
        permissions.can_record_event(actor, event.resident),
        _("Anda tidak berwenang mencatat kejadian PM ini."),
    )
    event = ResidentEvent.objects.select_for_update().get(pk=event.pk)
    if event.kind not in ResidentEvent.ABSENCE_KINDS:
        raise DomainError(_("Kejadian ini tidak memiliki tanggal kembali."))
    if event.returned_on is not None:
        raise DomainError(_("Kepulangan sudah dicatat."))
    return _close_absence(actor, event, returned_on)
