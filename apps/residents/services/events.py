"""Residential events: home leave, hospital stay, running away and returning, room moves, death."""

from datetime import date

from django.utils.translation import gettext as _

from apps.core.dates import earliest_for, format_dmy, future_message, is_future, too_early_message
from apps.core.errors import DomainError

from .. import permissions
from ..models import Case, Placement, Resident, ResidentEvent
from ._base import InvalidData, _service, lock_resident, refuse_if_died, require
from ._dates import refuse_after_end, refuse_before_latest
from .placements import close_case

Kind = ResidentEvent.Kind


# The fields each kind of event takes besides its day and notes; the others are ignored
# (the form hides them, and a value left in one is dropped, not refused).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    Kind.HOME_LEAVE: ("expected_return_on", "returned_on"),
    Kind.HOSPITAL: ("hospital", "expected_return_on", "returned_on"),
    Kind.RAN_AWAY: ("returned_on",),
    Kind.RETURNED: (),
    Kind.ROOM_MOVE: ("room",),
    Kind.DEATH: (),
}
KIND_SPECIFIC = {"expected_return_on": None, "returned_on": None, "room": "", "hospital": ""}


def kind_values(kind: str | None, values: dict) -> dict:
    """``values`` with the fields ``kind`` does not take emptied (``KIND_FIELDS``)."""
    taken = KIND_FIELDS.get(kind, ())
    return {
        name: (value if name in taken or name not in KIND_SPECIFIC else KIND_SPECIFIC[name])
        for name, value in values.items()
    }


def return_problems(*, occurred_on: date | None, returned_on: date | None) -> list[str]:
    """What is wrong with ``returned_on`` as the day a PM came back from an absence that
    began on ``occurred_on`` (empty: nothing)."""
    problems = []
    if returned_on is None:
        return problems
    if occurred_on is not None and returned_on < occurred_on:
        problems.append(_("Tanggal kembali tidak boleh sebelum tanggal kejadian."))
    if is_future(returned_on):
        problems.append(future_message(_("Tanggal kembali")))
    return problems


def event_problems(
    *,
    kind: str | None,
    on: date | None,
    expected_return_on: date | None = None,
    returned_on: date | None = None,
    room: str = "",
    birth_date: date | None = None,
) -> dict[str, list[str]]:
    """The rules of an event's own fields, as ``{field: [messages]}`` (empty: none broken).

    ``event_record`` refuses an event that breaks one (``InvalidData``); ``EventForm``
    shows the same messages on its fields. The day lies between the PM's birth (or 1900)
    and today. Rules that need the database (the placement and what it has recorded, one
    absence at a time) are the service's alone.
    """
    problems: dict[str, list[str]] = {}

    def add(name, message):
        problems.setdefault(name, []).append(message)

    if kind not in Kind.values:
        add("kind", _("Jenis kejadian tidak dikenal."))
    earliest = earliest_for(birth_date)
    if is_future(on):
        add("on", future_message(_("Tanggal kejadian")))
    elif on is not None and on < earliest:
        add("on", too_early_message(_("Tanggal kejadian"), earliest))
    if kind == Kind.HOME_LEAVE and expected_return_on is None:
        add("expected_return_on", _("Izin pulang perlu tanggal rencana kembali."))
    if on is not None and expected_return_on is not None and expected_return_on < on:
        add("expected_return_on", _("Rencana kembali tidak boleh sebelum tanggal kejadian."))
    if kind == Kind.ROOM_MOVE and not (room or "").strip():
        add("room", _("Isi kamar/wisma yang baru."))
    for message in return_problems(occurred_on=on, returned_on=returned_on):
        add("returned_on", message)
    return problems


def _close_absence(actor, event: ResidentEvent, returned_on: date, placement: Placement) -> ResidentEvent:
    """End ``event`` (of ``placement``, locked) on ``returned_on``; a running away also gets
    its "returned" event that day."""
    problems = return_problems(occurred_on=event.occurred_on, returned_on=returned_on)
    if problems:
        raise InvalidData({"returned_on": problems})
    refuse_before_latest(returned_on, placement, _("Tanggal kembali"))
    refuse_after_end(returned_on, placement, _("Tanggal kembali"))
    event.returned_on = returned_on
    event.stamp(actor)
    event.save(update_fields=["returned_on", "updated_at", "updated_by"])
    if event.kind == Kind.RAN_AWAY:
        back = ResidentEvent(
            resident_id=event.resident_id,
            placement_id=event.placement_id,
            kind=Kind.RETURNED,
            occurred_on=returned_on,
        )
        back.stamp(actor)
        back.save()
    return event


def _refuse_closed(case: Case) -> None:
    """A closed case takes no more events (nor returns from one)."""
    if case.closed_on is not None:
        raise DomainError(
            _("Kasus sudah ditutup (%(date)s): kejadian tidak dapat dicatat.")
            % {"date": format_dmy(case.closed_on)},
            code="case_closed",
        )


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
    hospital: str = "",
    notes: str = "",
) -> ResidentEvent:
    """Record something in the PM's residential life on ``on``, during their current placement.

    - home leave (needs an expected return), hospital stay (the hospital's name, an
      expected return), running away: the PM keeps the place; one such absence at a time;
      ended by ``event_close``;
    - returned (after running away): closes the open running-away event;
    - room or wing move: changes the room of the current placement;
    - death: closes the open case with reason ``died`` on that day and ends the placement,
      in the same transaction.
    Every kind needs an open placement of an open case, and a day not before the
    placement's start or its latest recorded event (``refuse_before_latest``). The fields'
    own rules are ``event_problems``; fields of other kinds are ignored.
    """
    require(
        permissions.can_record_event(actor, resident), _("Anda tidak berwenang mencatat kejadian PM ini.")
    )
    fields = kind_values(
        kind,
        {
            "expected_return_on": expected_return_on,
            "returned_on": returned_on,
            "room": room,
            "hospital": hospital,
        },
    )
    expected_return_on, returned_on = fields["expected_return_on"], fields["returned_on"]
    room, hospital = fields["room"] or "", fields["hospital"] or ""
    problems = event_problems(
        kind=kind,
        on=on,
        expected_return_on=expected_return_on,
        returned_on=returned_on,
        room=room,
        birth_date=resident.birth_date,
    )
    if problems:
        raise InvalidData(problems)
    resident = lock_resident(resident.pk)
    refuse_if_died(resident)
    placement = (
        Placement.objects.filter(resident=resident, period__upper_inf=True)
        .select_related("case")
        .select_for_update(of=("self",))
        .first()
    )
    if placement is None:
        raise DomainError(_("PM tidak sedang ditempatkan di lembaga: kejadian dicatat selama penempatan."))
    _refuse_closed(placement.case)
    refuse_before_latest(on, placement, _("Tanggal kejadian"))
    # The case's open absence (running away may have begun before a transfer); an absence
    # left open by an earlier, closed case does not count.
    open_absence = (
        ResidentEvent.objects.open_absences()
        .filter(resident=resident, placement__case_id=placement.case_id)
        .order_by("-occurred_on")
        .first()
    )

    if kind == Kind.RETURNED:
        if open_absence is None or open_absence.kind != Kind.RAN_AWAY:
            raise DomainError(_("Tidak ada catatan kabur yang belum kembali."))
        if open_absence.placement_id != placement.pk:  # ran away before a transfer
            placement = Placement.objects.select_for_update(of=("self",)).get(pk=open_absence.placement_id)
        _close_absence(actor, open_absence, on, placement)
        return ResidentEvent.objects.filter(resident=resident, kind=Kind.RETURNED).latest("id")

    event = ResidentEvent(resident=resident, placement=placement, kind=kind, occurred_on=on, notes=notes)
    if kind in ResidentEvent.ABSENCE_KINDS:
        if open_absence is not None:
            raise DomainError(
                _("PM masih tercatat %(kind)s sejak %(date)s; catat kembalinya dulu.")
                % {
                    "kind": open_absence.get_kind_display().lower(),
                    "date": format_dmy(open_absence.occurred_on),
                }
            )
        event.expected_return_on = expected_return_on
        event.hospital = hospital.strip()
    elif kind == Kind.ROOM_MOVE:
        event.room = placement.room = room.strip()
        placement.stamp(actor)
        placement.save(update_fields=["room", "updated_at", "updated_by"])
    event.stamp(actor)
    event.save()
    if returned_on is not None and kind in ResidentEvent.ABSENCE_KINDS:
        _close_absence(actor, event, returned_on, placement)
    if kind == Kind.DEATH:
        case = Case.objects.select_for_update(of=("self",)).get(pk=placement.case_id)
        close_case(actor, case, on, Case.TerminationReason.DIED, notes, at_least_one_day=True)
    return event


@_service
def event_close(*, actor, event: ResidentEvent, returned_on: date) -> ResidentEvent:
    """End a home leave, hospital stay or running away with the day the PM came back: not
    before the placement's latest record, not after its end, and not once the case is closed."""
    require(
        permissions.can_record_event(actor, event.resident),
        _("Anda tidak berwenang mencatat kejadian PM ini."),
    )
    lock_resident(event.resident_id)
    event = ResidentEvent.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if event.kind not in ResidentEvent.ABSENCE_KINDS:
        raise DomainError(_("Kejadian ini tidak memiliki tanggal kembali."))
    if event.returned_on is not None:
        raise DomainError(_("Tanggal kembali sudah dicatat."))
    placement = (
        Placement.objects.select_related("case").select_for_update(of=("self",)).get(pk=event.placement_id)
    )
    _refuse_closed(placement.case)
    return _close_absence(actor, event, returned_on, placement)
