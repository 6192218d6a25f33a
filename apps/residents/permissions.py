"""Who may do what with a resident (PM). Small functions, unit-tested alone.

Roles (DESIGN.md section 2): staff and heads work at their institutions; supervisors
read inside their regions; administrators (superusers) may do everything.

Decisions recorded here:
- Full NIK is shown to administrators and to staff and heads of an institution where
  the resident is (or was) registered or placed. Supervisors read masked NIK: they
  review flows and numbers, not identities (UU PDP data minimisation).
- Staff may admit, transfer and terminate at their institution; the audit history
  records who did it. Only going over capacity needs the head (of the receiving
  institution). A head-approval workflow for terminations and transfers out is left
  for a later issue.
"""

from apps.accounts.models import region_subtree_q
from apps.institutions.models import Institution
from apps.institutions.permissions import role_at


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _member_of_any(user, institution_ids) -> bool:
    return any(role_at(user, _Ref(pk)) is not None for pk in institution_ids)


def _head_of_any(user, institution_ids) -> bool:
    return any(role_at(user, _Ref(pk)) == "head" for pk in institution_ids)


class _Ref:
    """Just enough of an Institution for ``role_at`` (which reads ``pk``)."""

    __slots__ = ("pk",)

    def __init__(self, pk):
        self.pk = pk


def _ids(institutions) -> set:
    return {getattr(i, "pk", i) for i in institutions}


def resident_institution_ids(resident) -> set:
    """Institutions a resident belongs to: registered there or placed there (now or before).

    Read once per resident object; selectors may fill ``_institution_ids`` beforehand.
    """
    cached = getattr(resident, "_institution_ids", None)
    if cached is None:
        from .models import Placement

        cached = {resident.registered_at_id}
        cached.update(
            Placement.objects.filter(resident_id=resident.pk).values_list("institution_id", flat=True)
        )
        resident._institution_ids = cached
    return cached


_UNKNOWN = object()


def responsible_institution_ids(resident) -> set:
    """Institutions that hold the resident now: where registered, and where placed today.

    Uses ``current_institution_id`` when a selector annotated it (``resident_list``).
    """
    current = getattr(resident, "current_institution_id", _UNKNOWN)
    if current is _UNKNOWN:
        from django.utils import timezone

        from .models import Placement

        current = (
            Placement.objects.filter(resident_id=resident.pk, period__contains=timezone.localdate())
            .values_list("institution_id", flat=True)
            .first()
        )
        resident.current_institution_id = current
    return {resident.registered_at_id, current} - {None}


def _supervises_any(user, institution_ids) -> bool:
    codes = user.supervised_region_codes
    if not codes or not institution_ids:
        return False
    return Institution.objects.filter(region_subtree_q(codes), pk__in=institution_ids).exists()


def can_view_nik(user, resident_institutions) -> bool:
    """Full NIK for administrators and for staff/heads of one of ``resident_institutions``
    (institutions or their ids where the resident is registered or placed); masked for others."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return _member_of_any(user, _ids(resident_institutions))


def can_register(user, institution) -> bool:
    """Staff and heads register PM at their own institution (administrators anywhere)."""
    if not _active(user):
        return False
    return user.is_superuser or role_at(user, institution) is not None


def can_admit(user, institution) -> bool:
    """Staff and heads admit into their own institution. Going over capacity additionally
    needs the head of that institution (checked by the service, with a reason)."""
    return can_register(user, institution)


def can_transfer(user, placement) -> bool:
    """The sending institution transfers: its staff or head (or an administrator)."""
    if not _active(user):
        return False
    return user.is_superuser or role_at(user, _Ref(placement.institution_id)) is not None


def can_discharge(user, case) -> bool:
    """Staff or head of the institution responsible for the case terminate it."""
    if not _active(user):
        return False
    return user.is_superuser or role_at(user, _Ref(case.institution_id)) is not None


def can_record_event(user, resident) -> bool:
    """Residential events are recorded by staff of the institution holding the resident:
    the one placing them today, or the registering one (the service further requires a
    placement for most kinds). A former institution only reads the file."""
    if not _active(user):
        return False
    return user.is_superuser or _member_of_any(user, responsible_institution_ids(resident))


def can_edit_resident(user, resident) -> bool:
    """Personal data, family, documents and consent are kept by staff and heads of the
    institution holding the resident (as ``can_record_event``)."""
    return can_record_event(user, resident)


def can_export(user) -> bool:
    """Exports are for staff, heads, supervisors and administrators; never anonymous."""
    if not _active(user):
        return False
    if user.is_superuser or user.is_supervisor:
        return True
    role_at(user, _Ref(None))  # loads (and caches) the user's roles at every institution
    return bool(user._institution_roles)


def can_view_history(user, resident) -> bool:
    """The audit history of a resident is shown to heads of the resident's institutions,
    to supervisors whose region holds one of them, and to administrators."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    institution_ids = resident_institution_ids(resident)
    return _head_of_any(user, institution_ids) or _supervises_any(user, institution_ids)


def mask_nik(nik: str | None) -> str:
    """``3509011203850001`` → ``3509********0001``: province and kab/kota, and the serial."""
    if not nik:
        return ""
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]
