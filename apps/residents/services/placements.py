"""Cases and placements: admission, transfer, termination, the case stage, and capacity."""

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils.translation import gettext as _

from apps.core.dates import format_dmy, refuse_future, refuse_out_of_range
from apps.core.errors import DomainError
from apps.core.locks import lock_rows
from apps.core.services import model_update
from apps.institutions.models import Institution
from apps.institutions.scope import UserScope

from .. import permissions
from ..models import Case, Placement, Resident
from ._base import InvalidData, _service, lock_resident, refuse_if_died, require
from ._dates import refuse_before_latest

# --- capacity --------------------------------------------------------------------------------


class OccupancyProfile:
    """How many of ``periods`` (date ranges ``[start, end)``, end None: still there) hold a
    place on each day, built once and asked for many days (an import asks per row)."""

    def __init__(self, periods: Iterable[DateRange]):
        changes: Counter = Counter()
        for period in periods:
            changes[period.lower] += 1
            if period.upper is not None:
                changes[period.upper] -= 1
        self._days = sorted(changes)
        self._counts = []
        running = 0
        for day in self._days:
            running += changes[day]
            self._counts.append(running)
        # _peaks[i]: the highest count from the i-th change on.
        self._peaks = self._counts[:]
        for i in range(len(self._peaks) - 2, -1, -1):
            self._peaks[i] = max(self._peaks[i], self._peaks[i + 1])

    def peak_from(self, on: date) -> int:
        """The most places taken on any day from ``on`` onwards."""
        index = bisect_right(self._days, on) - 1  # the last change on or before ``on``
        on_the_day = self._counts[index] if index >= 0 else 0
        later = self._peaks[index + 1] if index + 1 < len(self._days) else 0
        return max(on_the_day, later)


def _peak_occupancy_from(institution_id, on: date) -> int:
    """The most places taken at the institution on any day from ``on`` onwards.

    Usually the count on ``on``; larger when placements recorded later start after it
    (a back-dated admission must fit on every day it covers).
    """
    periods = Placement.objects.filter(
        institution_id=institution_id, period__overlap=DateRange(on, None)
    ).values_list("period", flat=True)
    return OccupancyProfile(periods).peak_from(on)


def capacity_decision(*, actor, institution: Institution, taken: int, reason: str = ""):
    """``(approved_by, reason)`` for one more placement at ``institution`` where ``taken``
    places are already taken on its busiest day (from the new placement's first day on).

    Below capacity: ``(None, "")``. At or over it, only the head of the institution may
    approve, with a written reason; anyone else is refused (``DomainError``, code
    ``over_capacity``, or ``over_capacity_reason`` for a head without a reason). The
    admission, the transfer and the import all decide here. Callers hold the institution
    row locked (``lock_institutions``), so the count and their insert are one step.
    """
    if taken < institution.capacity:
        return None, ""
    reason = (reason or "").strip()
    params = {"name": institution.name, "taken": taken, "capacity": institution.capacity}
    if actor is None or not UserScope.of(actor).is_head_of(institution):
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


def _place(
    actor,
    *,
    resident_id,
    case: Case,
    institution: Institution,
    on: date,
    room: str,
    reason: str,
    planned_discharge_on: date | None = None,
):
    """A new placement at ``institution`` (locked by the caller) from ``on``, under the capacity rule."""
    taken = _peak_occupancy_from(institution.pk, on)
    approved_by, reason = capacity_decision(actor=actor, institution=institution, taken=taken, reason=reason)
    placement = Placement(
        resident_id=resident_id,
        case=case,
        institution=institution,
        period=DateRange(on, None),
        room=room,
        over_capacity_approved_by=approved_by,
        over_capacity_reason=reason,
        planned_discharge_on=planned_discharge_on,
    )
    placement.stamp(actor)
    placement.save()
    return placement


def lock_institutions(*institutions) -> dict[int, Institution]:
    """Lock ``institutions`` (objects or ids) in id order: ``{id: institution}``.

    Every capacity decision holds its institution's row until the transaction ends; a
    transfer holds both ends. Taking them in one order means two opposite transfers
    wait for each other instead of deadlocking.
    """
    ids = {getattr(institution, "pk", institution) for institution in institutions}
    return lock_rows(Institution.objects.filter(pk__in=ids))


def _receiving(institution: Institution) -> Institution:
    """``institution`` (locked) if it may take a PM in: an inactive one takes nobody."""
    if not institution.is_active:
        raise DomainError(_("Lembaga %(name)s tidak aktif.") % {"name": institution.name})
    return institution


# --- admission and transfer ------------------------------------------------------------------


def _refuse_clash(resident: Resident, on: date) -> None:
    clash = (
        Placement.objects.filter(resident=resident, period__overlap=DateRange(on, None))
        .select_related("institution")
        .order_by("period")
        .first()
    )
    if clash is None:
        return
    if clash.end is None:
        raise DomainError(
            _("PM masih ditempatkan di %(name)s sejak %(start)s; gunakan pindah lembaga.")
            % {"name": clash.institution.name, "start": format_dmy(clash.start)}
        )
    raise DomainError(
        _("Tanggal masuk bertabrakan dengan penempatan di %(name)s (%(start)s s.d. %(end)s).")
        % {"name": clash.institution.name, "start": format_dmy(clash.start), "end": format_dmy(clash.end)}
    )


def refuse_planned_before(planned_discharge_on: date | None, on: date) -> None:
    """A planned discharge date (optional) is not before the admission day."""
    if planned_discharge_on is not None and planned_discharge_on < on:
        raise InvalidData(
            {"planned_discharge_on": [_("Rencana tanggal keluar tidak boleh sebelum tanggal masuk.")]}
        )


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
    planned_discharge_on: date | None = None,
) -> Placement:
    """Admit a PM into ``institution`` from ``on``: open a case if none is open, and a placement.

    ``planned_discharge_on`` (optional, not before ``on``) is the planned end of the stay:
    past it with no discharge, the resident is on the attention list.

    A PM has one placement at a time (use ``placement_transfer`` to move). If the
    institution is full on any day from ``on``, only its head may admit, with a written
    reason; the check runs with the institution row locked so two staff cannot both
    take the last place.
    """
    require(permissions.can_admit(actor, institution), _("Anda tidak berwenang menerima PM di lembaga ini."))
    refuse_future(on, _("Tanggal masuk"))
    refuse_planned_before(planned_discharge_on, on)
    resident = lock_resident(resident.pk)
    refuse_out_of_range(on, _("Tanggal masuk"), birth_date=resident.birth_date)
    refuse_if_died(resident)
    _refuse_clash(resident, on)

    case = (
        Case.objects.select_for_update(of=("self",)).filter(resident=resident, closed_on__isnull=True).first()
    )
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
                _("Tanggal masuk sebelum kasus dibuka (%(date)s).") % {"date": format_dmy(case.opened_on)}
            )
        case.institution = institution
    case.stamp(actor)
    case.save()

    institution = _receiving(lock_institutions(institution)[institution.pk])
    return _place(
        actor,
        resident_id=resident.pk,
        case=case,
        institution=institution,
        on=on,
        room=room,
        reason=over_capacity_reason,
        planned_discharge_on=planned_discharge_on,
    )


@_service
def placement_transfer(
    *,
    actor,
    placement: Placement,
    to_institution: Institution,
    on: date,
    room: str = "",
    over_capacity_reason: str = "",
    referral=None,
) -> Placement:
    """Move a PM to ``to_institution`` on ``on``: the current placement ends and the next
    starts on the same day, in one transaction, under the same case.

    The receiving institution's capacity is checked as for an admission (its head
    approves going over it, with a reason). Both institutions are locked, in id order.
    The pages move a PM only by accepting a ``referral`` (``services.referrals``): then
    the receiving end acts, for that placement and that institution only.
    The planned discharge date goes with the resident (the plan is the case's, not the
    institution's).
    """
    if referral is None:
        allowed = permissions.can_transfer(actor, placement)
    else:
        allowed = (
            permissions.can_decide_referral(actor, referral)
            and referral.placement_id == placement.pk
            and referral.to_institution_id == to_institution.pk
        )
    require(allowed, _("Anda tidak berwenang memindahkan PM ini."))
    resident = lock_resident(placement.resident_id)
    refuse_out_of_range(on, _("Tanggal pindah"), birth_date=resident.birth_date)
    placement = Placement.objects.select_for_update(of=("self",)).select_related("case").get(pk=placement.pk)
    if placement.end is not None:
        raise DomainError(_("Penempatan ini sudah berakhir."))
    if to_institution.pk == placement.institution_id:
        raise DomainError(_("Lembaga tujuan sama dengan lembaga sekarang."))
    refuse_before_latest(on, placement, _("Tanggal pindah"), after_start=True)
    # The sending end too: both ends of every transfer are locked in the same (id) order.
    to_institution = _receiving(
        lock_institutions(placement.institution_id, to_institution)[to_institution.pk]
    )
    placement.period = DateRange(placement.start, on)
    placement.end_reason = Placement.EndReason.TRANSFER
    placement.stamp(actor)
    placement.save(update_fields=["period", "end_reason", "updated_at", "updated_by"])
    new = _place(
        actor,
        resident_id=placement.resident_id,
        case=placement.case,
        institution=to_institution,
        on=on,
        room=room,
        reason=over_capacity_reason,
        planned_discharge_on=placement.planned_discharge_on,
    )
    model_update(
        instance=placement.case, fields=["institution"], data={"institution": to_institution}, actor=actor
    )
    return new


# --- termination and stages ------------------------------------------------------------------


def termination_problems(*, reason: str | None, notes: str = "") -> dict[str, list[str]]:
    """The rules of a termination's own fields, as ``{field: [messages]}`` (empty: none
    broken): a known reason, and a note that says what "other" (Lainnya) means. The
    service refuses with them and ``DischargeForm`` shows them; the database holds the
    second too (``case_other_reason_has_notes``)."""
    if reason not in Case.TerminationReason.values:
        return {"reason": [_("Pilih alasan terminasi.")]}
    if reason == Case.TerminationReason.OTHER and not (notes or "").strip():
        return {"notes": [_('Alasan "Lainnya" perlu catatan yang menjelaskannya.')]}
    return {}


def close_case(actor, case: Case, on: date, reason: str, notes: str, *, at_least_one_day=False) -> Case:
    """Close ``case`` on ``on`` and end its open placement that day (the caller holds the
    resident's lock). ``at_least_one_day``: a placement that began on ``on`` still held
    the place that day (a death on the day of admission)."""
    problems = termination_problems(reason=reason, notes=notes)
    if problems:
        raise InvalidData(problems)
    if on < case.opened_on:
        raise DomainError(
            _("Tanggal terminasi sebelum kasus dibuka (%(date)s).") % {"date": format_dmy(case.opened_on)}
        )
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .filter(case=case, period__upper_inf=True)
        .order_by("-id")
        .first()
    )
    if placement is not None:
        end = on
        # A death on the day of admission: the placement held the place that one day.
        one_day = at_least_one_day and on == placement.start
        refuse_before_latest(on, placement, _("Tanggal keluar"), after_start=not one_day)
        if one_day:
            end = placement.start + timedelta(days=1)
        placement.period = DateRange(placement.start, end)
        placement.end_reason = Placement.EndReason.DISCHARGE
        placement.stamp(actor)
        placement.save(update_fields=["period", "end_reason", "updated_at", "updated_by"])
    from .referrals import referrals_end_with_stay  # referrals build on placements

    referrals_end_with_stay(actor, case.resident_id, _("PM keluar dari lembaga (terminasi)."))
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
    require(permissions.can_discharge(actor, case), _("Anda tidak berwenang melakukan terminasi kasus ini."))
    resident = lock_resident(case.resident_id)
    refuse_out_of_range(on, _("Tanggal terminasi"), birth_date=resident.birth_date)
    case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if case.closed_on is not None:
        raise DomainError(_("Kasus ini sudah ditutup."))
    return close_case(actor, case, on, reason, notes)


# Rules a higher app adds to every stage change made here (the rehabilitation app's gates:
# a completed assessment before leaving asesmen, ...). Residents cannot import those apps,
# so they register a check ``check(case, to_stage) -> list[str]`` at start-up.
STAGE_CHECKS: list = []


def register_stage_check(check) -> None:
    if check not in STAGE_CHECKS:
        STAGE_CHECKS.append(check)


@_service
def case_stage_set(*, actor, case: Case, stage: str) -> Case:
    """Move an open case to another stage of PP 39/2012; registered stage checks (the
    rehabilitation gates) apply as on every other path.

    A closed case is refused: its one remaining move, to aftercare (bimbingan lanjut), is
    the rehabilitation app's (``case_stage_move``, with the day and the follow-up work),
    which does not go through here."""
    require(permissions.can_discharge(actor, case), _("Anda tidak berwenang mengubah kasus ini."))
    if stage not in Case.Stage.values:
        raise InvalidData({"stage": [_("Tahap tidak dikenal.")]})
    case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if case.closed_on is not None:
        raise DomainError(_("Kasus sudah ditutup: tahapnya tidak dapat diubah di sini."), code="case_closed")
    if case.stage != stage:
        failures = [message for check in STAGE_CHECKS for message in check(case, stage)]
        if failures:
            raise DomainError(" ".join(failures), code="gate")
    model_update(instance=case, fields=["stage"], data={"stage": stage}, actor=actor)
    return case
