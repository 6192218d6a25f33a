"""Registering a PM, changing their personal data, their family and guardians."""

import re

from django.utils.translation import gettext as _

from apps.core.dates import EARLIEST, is_future, too_early_message
from apps.core.dates import today as local_today
from apps.core.errors import DomainError
from apps.core.services import assign_changes, model_update
from apps.institutions.models import Institution

from .. import permissions
from ..duplicates import find_duplicates
from ..models import FamilyMember, RegistrationCounter, Resident
from ..nik import check_family_card_no, check_nik, normalize_nik
from ._base import DuplicateSuspected, InvalidData, _service, full_clean_errors, require
from .documents import _consent

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
FAMILY_FIELDS = ("name", "relationship", "is_guardian", "nik", "phone", "address")

# --- registration numbers -------------------------------------------------------------------

# ``<institution code>-<year>-<serial of 5 digits>``, e.g. ``UPT-JBR-2026-00042``.
REGISTRATION_NO_PATTERN = re.compile(r"^(?P<code>[A-Z0-9-]+)-(?P<year>\d{4})-(?P<serial>\d{5})$")


def format_registration_no(code: str, year: int, serial: int) -> str:
    """The registration number of the ``serial``-th PM registered at ``code`` in ``year``."""
    return f"{code}-{year}-{serial:05d}"


def parse_registration_no(number: str) -> tuple[str, int, int] | None:
    """``(code, year, serial)`` of a number in the generated format, else None."""
    match = REGISTRATION_NO_PATTERN.match(number)
    if match is None:
        return None
    return match["code"], int(match["year"]), int(match["serial"])


def next_registration_no(institution: Institution, year: int) -> str:
    """The next free number of ``institution`` in ``year`` (``format_registration_no``).

    The per-institution, per-year counter row is locked until the transaction ends, so
    two registrations never get the same number. Numbers brought in by an import are
    skipped over.
    """
    RegistrationCounter.objects.bulk_create(
        [RegistrationCounter(institution=institution, year=year)], ignore_conflicts=True
    )
    counter = RegistrationCounter.objects.select_for_update(of=("self",)).get(
        institution=institution, year=year
    )
    while True:
        counter.last_serial += 1
        number = format_registration_no(institution.code, year, counter.last_serial)
        if not Resident.objects.filter(registration_no=number).exists():
            break
    counter.save(update_fields=["last_serial"])
    return number


# --- checking personal data -----------------------------------------------------------------


def _normalise_resident_data(data: dict) -> dict:
    """``data`` keyed by field names (foreign keys as objects or ids), NIK and No. KK as bare
    digits, names with single spaces."""
    clean = {}
    for key, value in data.items():
        name = _FK_ATTNAMES.get(key, key)
        if name not in RESIDENT_FIELDS:
            raise ValueError(f"Resident field not accepted by services: {key}")
        if name in _FK_ATTNAMES.values() and not hasattr(value, "pk"):
            value = value or None
        clean[name] = value
    if "nik" in clean:
        clean["nik"] = normalize_nik(clean["nik"]) or None
    if "family_card_no" in clean:
        clean["family_card_no"] = normalize_nik(clean["family_card_no"])
    for text in ("full_name", "nickname", "mother_name"):
        if isinstance(clean.get(text), str):
            clean[text] = " ".join(clean[text].split())
    return clean


def _validate_resident(resident: Resident) -> list[str]:
    """Field errors (raised as ``InvalidData``) and NIK warnings (returned)."""
    # Check constraints are the database's job (one query each here); field validation stays.
    # A NIK is checked below, its uniqueness with a clearer message by the callers.
    exclude = ["registration_no", "registered_at", "photo", *(["nik"] if resident.nik else [])]
    errors = full_clean_errors(resident, exclude=exclude, validate_constraints=False)
    if is_future(resident.birth_date):
        errors.setdefault("birth_date", []).append(_("Tanggal lahir tidak boleh di masa depan."))
    elif resident.birth_date and resident.birth_date < EARLIEST:
        errors.setdefault("birth_date", []).append(too_early_message(_("Tanggal lahir"), EARLIEST))
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


def _new_resident(actor, institution: Institution, data: dict, allow_duplicates: bool) -> Resident:
    """The unsaved PM ``resident_register`` would write, with ``nik_warnings``; raises what it would."""
    require(
        permissions.can_register(actor, institution),
        _("Anda tidak berwenang mendaftarkan PM di lembaga ini."),
    )
    if not institution.is_active:
        raise DomainError(_("Lembaga ini tidak aktif."))
    resident = Resident(registered_at=institution)
    assign_changes(resident, fields=RESIDENT_FIELDS, data=_normalise_resident_data(data))
    resident.nik_warnings = _validate_resident(resident)

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
    return resident


def _check_changes(resident: Resident, changed: list[str]) -> None:
    """The rules of registration again for a changed PM; sets ``nik_warnings``."""
    resident.nik_warnings = _validate_resident(resident)
    nik_changed = "nik" in changed and resident.nik
    if nik_changed and Resident.objects.filter(nik=resident.nik).exclude(pk=resident.pk).exists():
        raise InvalidData({"nik": [_("NIK ini sudah terdaftar pada PM lain.")]})


def resident_check(
    *,
    actor,
    data: dict,
    resident: Resident | None = None,
    institution: Institution | None = None,
    allow_duplicates: bool = False,
) -> list[str]:
    """Refuse what ``resident_register`` (at ``institution``) or ``resident_update`` (of
    ``resident``) would refuse, with the same errors, without writing anything.

    For forms that must show the errors before they save (the Django admin). Returns
    the NIK warnings. For a change, the data's own errors come before the permission's.
    """
    if resident is None:
        return _new_resident(actor, institution, data, allow_duplicates).nik_warnings
    stored = Resident.objects.get(pk=resident.pk)
    changed = assign_changes(stored, fields=RESIDENT_FIELDS, data=_normalise_resident_data(data))
    _check_changes(stored, changed)
    require(permissions.can_edit_resident(actor, resident), _("Anda tidak berwenang mengubah data PM ini."))
    return stored.nik_warnings


# --- family ----------------------------------------------------------------------------------


def _family_member_errors(member: FamilyMember) -> dict[str, list[str]]:
    errors = full_clean_errors(member, exclude=["resident"])
    if member.nik and "nik" not in errors:
        nik_errors = check_nik(member.nik).errors
        if nik_errors:
            errors["nik"] = nik_errors
    return errors


def _normalise_family_data(data: dict) -> dict:
    data = dict(data)
    if "nik" in data:
        data["nik"] = normalize_nik(data["nik"])
    return data


def _family_member(actor, resident: Resident, data: dict) -> FamilyMember:
    member = FamilyMember(resident=resident, **_normalise_family_data(data))
    errors = _family_member_errors(member)
    if errors:
        raise InvalidData(errors)
    member.stamp(actor)
    member.save()
    return member


def family_member_check(*, data: dict) -> None:
    """Refuse a relative's data as ``family_member_add`` would (``InvalidData``), writing nothing."""
    errors = _family_member_errors(FamilyMember(**_normalise_family_data(data)))
    if errors:
        raise InvalidData(errors)


# --- services --------------------------------------------------------------------------------


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
    resident = _new_resident(actor, institution, data, allow_duplicates)
    resident.registration_no = next_registration_no(institution, local_today().year)
    resident.stamp(actor)
    resident.save()
    for member in family:
        _family_member(actor, resident, member)
    if consent:
        _consent(actor, resident, **consent)
    return resident


@_service
def resident_update(*, actor, resident: Resident, data: dict) -> Resident:
    """Change a PM's personal data; only fields that really change are written (and audited).

    The NIK rules apply as at registration; a NIK taken by another PM is refused.
    """
    require(permissions.can_edit_resident(actor, resident), _("Anda tidak berwenang mengubah data PM ini."))
    resident = Resident.objects.select_for_update(of=("self",)).get(pk=resident.pk)
    model_update(
        instance=resident,
        fields=RESIDENT_FIELDS,
        data=_normalise_resident_data(data),
        actor=actor,
        check=_check_changes,
    )
    return resident


@_service
def family_member_add(*, actor, resident: Resident, data: dict) -> FamilyMember:
    """Add a relative or guardian to a PM's file; a NIK, when given, must pass ``check_nik``."""
    require(permissions.can_edit_resident(actor, resident), _("Anda tidak berwenang mengubah data PM ini."))
    return _family_member(actor, resident, data)


@_service
def family_member_update(*, actor, member: FamilyMember, data: dict) -> FamilyMember:
    """Change a relative's or guardian's data under the rules of ``family_member_add``."""
    require(
        permissions.can_edit_resident(actor, member.resident), _("Anda tidak berwenang mengubah data PM ini.")
    )
    member = FamilyMember.objects.select_for_update(of=("self",)).get(pk=member.pk)

    def check(instance, changed):
        errors = _family_member_errors(instance)
        if errors:
            raise InvalidData(errors)

    model_update(
        instance=member, fields=FAMILY_FIELDS, data=_normalise_family_data(data), actor=actor, check=check
    )
    return member
