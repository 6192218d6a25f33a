"""Who may do what with a resident (PM). Small functions, unit-tested alone.

Roles (docs/domain.md): staff and heads work at their institutions; supervisors
read inside their regions; administrators (superusers) may do everything.

Decisions recorded here:
- Full NIK is shown on the resident's file to administrators and to staff and heads of an
  institution where the resident is (or was) registered or placed. Supervisors read masked
  NIK: they review flows and numbers, not identities (UU PDP data minimisation). Lists on
  screen (the residents list, the import preview) show every NIK masked, whoever reads
  them; an export (a file for data work, for those with the export right) writes it in
  full where the reader may see it on the file, masked elsewhere.
- Staff may admit, propose referrals (transfers) and terminate at their institution; the
  audit history records who did it. A referral is answered by the receiving
  institution's staff or head, and withdrawn only by the sending head. Only going over
  capacity needs the head (of the receiving institution); staff ask them through an
  over-capacity request. A head-approval workflow for terminations is left for a later
  issue.
"""

from apps.institutions.scope import UserScope


def resident_institution_ids(resident) -> set:
    """Institutions a resident belongs to: registered there or placed there (now or before).

    Read from ``Resident.institution_ids``, which database triggers keep from the
    registration and every placement.
    """
    ids = set(resident.institution_ids or ())
    ids.add(resident.registered_at_id)
    return ids


# Marks an argument the caller did not give, so the permission reads it itself.
LOOK_UP = object()


def responsible_institution_ids(resident, current_institution_id=LOOK_UP) -> set:
    """Institutions that hold the resident now: where registered, and where placed today.

    Callers that know today's institution (the list annotates it, the file page has the
    current placement) pass ``current_institution_id`` (None: placed nowhere); otherwise
    it is read here in one query.
    """
    return {resident.registered_at_id, _current_institution_id(resident, current_institution_id)} - {None}


def _current_institution_id(resident, current_institution_id=LOOK_UP):
    """The institution placing ``resident`` today (None: placed nowhere); one query unless given."""
    if current_institution_id is LOOK_UP:
        from django.utils import timezone

        from .models import Placement

        current_institution_id = (
            Placement.objects.filter(resident_id=resident.pk, period__contains=timezone.localdate())
            .values_list("institution_id", flat=True)
            .first()
        )
    return current_institution_id


def can_view_nik(who, resident_institutions) -> bool:
    """Full NIK for administrators and for staff/heads of one of ``resident_institutions``
    (institutions or their ids where the resident is registered or placed); masked for others."""
    scope = UserScope.of(who)
    return scope.is_admin or (scope.is_active and scope.member_of_any(resident_institutions))


def can_register(who, institution) -> bool:
    """Staff and heads register PM at their own institution (administrators anywhere)."""
    scope = UserScope.of(who)
    return scope.is_admin or (scope.is_active and scope.is_member_of(institution))


def can_admit(who, institution) -> bool:
    """Staff and heads admit into their own institution. Going over capacity additionally
    needs the head of that institution (checked by the service, with a reason)."""
    return can_register(who, institution)


def can_transfer(who, placement) -> bool:
    """The sending institution proposes a transfer (a referral): its staff or head (or an
    administrator)."""
    return can_register(who, placement.institution_id)


def can_decide_referral(who, referral) -> bool:
    """The receiving institution answers a referral: its staff or head accept or decline."""
    return can_register(who, referral.to_institution_id)


def can_cancel_referral(who, referral) -> bool:
    """The head of the sending institution (or an administrator) withdraws an open referral."""
    scope = UserScope.of(who)
    return scope.is_admin or (scope.is_active and scope.is_head_of(referral.from_institution_id))


def can_decide_capacity_request(who, request) -> bool:
    """Only the head of the full institution approves or refuses going over its capacity."""
    scope = UserScope.of(who)
    return scope.is_active and scope.is_head_of(request.institution_id)


def can_discharge(who, case) -> bool:
    """Staff or head of the institution responsible for the case terminate it."""
    return can_register(who, case.institution_id)


def can_record_event(who, resident, current_institution_id=LOOK_UP) -> bool:
    """Residential events are recorded by staff of the institution placing the resident
    today (``current_institution_id``), and only there: a former institution, the
    registering one included, only reads the file (a PM referred on is recorded by the
    receiver). A PM placed nowhere is the registering institution's, whom the service
    then tells that events need a placement."""
    scope = UserScope.of(who)
    if scope.is_admin:
        return True
    current = _current_institution_id(resident, current_institution_id)
    institutions = {current} if current is not None else {resident.registered_at_id}
    return scope.is_active and scope.member_of_any(institutions)


def can_edit_resident(who, resident, current_institution_id=LOOK_UP) -> bool:
    """Personal data, family, documents and consent are kept by staff and heads of the
    institutions responsible for the resident: the registering one and the one placing
    them today (a PM served outside a panti is kept by the institution that registered them)."""
    scope = UserScope.of(who)
    if scope.is_admin:
        return True
    return scope.is_active and scope.member_of_any(
        responsible_institution_ids(resident, current_institution_id)
    )


def can_export(who) -> bool:
    """Exports are for staff, heads, supervisors and administrators; never anonymous."""
    scope = UserScope.of(who)
    return scope.is_active and (scope.is_wide or bool(scope.roles))


def can_view_history(who, resident) -> bool:
    """The audit history of a resident is shown to heads of the resident's institutions,
    to supervisors whose region holds one of them, and to administrators."""
    scope = UserScope.of(who)
    if scope.is_admin:
        return True
    institution_ids = resident_institution_ids(resident)
    return scope.is_active and (scope.head_of_any(institution_ids) or scope.supervises_any(institution_ids))


def mask_nik(nik: str | None) -> str:
    """``3509011203850001`` → ``************0001``: the last four digits only.

    Enough to tell two people apart in a list. The region digits are hidden too: with the
    birth date (on the same page) and the serial they would leave two digits to guess.
    """
    if not nik:
        return ""
    if len(nik) <= 8:
        return "*" * len(nik)
    return "*" * (len(nik) - 4) + nik[-4:]
