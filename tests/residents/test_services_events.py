"""Residential events: services.events."""

from datetime import date, timedelta

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from apps.core.errors import DomainError
from apps.residents import services
from apps.residents.models import Placement, ResidentEvent
from tests.residents.conftest import ADMITTED_ON


def occupancy(institution, on) -> int:
    """Places taken at ``institution`` on ``on``: placements with start <= on < end."""
    return Placement.objects.current(on).filter(institution=institution).count()


pytestmark = pytest.mark.django_db

D = date(2025, 6, 2)


def test_home_leave_needs_an_expected_return_and_is_overdue_after_it(staff_jember, admitted_resident):
    with pytest.raises(services.InvalidData):
        services.event_record(actor=staff_jember, resident=admitted_resident, kind="home_leave", on=D)
    leave = services.event_record(
        actor=staff_jember,
        resident=admitted_resident,
        kind="home_leave",
        on=D,
        expected_return_on=D + timedelta(days=3),
    )
    assert leave.placement == admitted_resident.placements.get()
    assert leave.is_overdue  # D is long past
    assert list(ResidentEvent.objects.overdue_leaves(D + timedelta(days=3))) == []
    assert list(ResidentEvent.objects.overdue_leaves(D + timedelta(days=4))) == [leave]
    services.event_close(actor=staff_jember, event=leave, returned_on=D + timedelta(days=5))
    leave.refresh_from_db()
    assert not leave.is_overdue
    assert list(ResidentEvent.objects.overdue_leaves(D + timedelta(days=10))) == []


def test_one_absence_at_a_time(staff_jember, admitted_resident):
    services.event_record(actor=staff_jember, resident=admitted_resident, kind="hospital", on=D)
    with pytest.raises(DomainError, match="catat kembalinya"):
        services.event_record(actor=staff_jember, resident=admitted_resident, kind="ran_away", on=D)


def test_running_away_and_returning(staff_jember, admitted_resident):
    ran = services.event_record(actor=staff_jember, resident=admitted_resident, kind="ran_away", on=D)
    back = services.event_record(
        actor=staff_jember, resident=admitted_resident, kind="returned", on=D + timedelta(days=2)
    )
    ran.refresh_from_db()
    assert ran.returned_on == D + timedelta(days=2)
    assert back.kind == "returned"
    # The place was held all along.
    assert admitted_resident.placements.get().end is None


def test_returned_without_running_away_is_refused(staff_jember, admitted_resident):
    with pytest.raises(DomainError, match="kabur"):
        services.event_record(actor=staff_jember, resident=admitted_resident, kind="returned", on=D)


def test_room_move_updates_the_placement(staff_jember, admitted_resident):
    services.event_record(
        actor=staff_jember, resident=admitted_resident, kind="room_move", on=D, room="Wisma Anggrek"
    )
    assert admitted_resident.placements.get().room == "Wisma Anggrek"


def test_death_closes_the_case_and_ends_the_placement(staff_jember, jember, admitted_resident):
    services.event_record(
        actor=staff_jember, resident=admitted_resident, kind="death", on=D, notes="Sakit tua"
    )
    case = admitted_resident.cases.get()
    assert (case.closed_on, case.termination_reason) == (D, "died")
    assert admitted_resident.placements.get().period == DateRange(ADMITTED_ON, D)
    assert occupancy(jember, D) == 0
    with pytest.raises(DomainError, match="meninggal"):
        services.event_record(actor=staff_jember, resident=admitted_resident, kind="hospital", on=D)
    with pytest.raises(DomainError, match="meninggal"):
        services.case_admit(
            actor=staff_jember, resident=admitted_resident, institution=jember, on=D, referral_source="razia"
        )


def test_events_need_a_placement_on_that_day(staff_jember, resident):
    with pytest.raises(DomainError, match="tidak sedang ditempatkan"):
        services.event_record(actor=staff_jember, resident=resident, kind="hospital", on=D)


def test_staff_elsewhere_cannot_record_events(staff_tuban, admitted_resident):
    with pytest.raises(DomainError, match="tidak berwenang"):
        services.event_record(actor=staff_tuban, resident=admitted_resident, kind="hospital", on=D)


# --- the rules of an event's fields, shared with EventForm -----------------------------------------


def test_event_problems_name_the_field_and_the_rule():
    assert services.event_problems(kind="hospital", on=D) == {}
    assert services.event_problems(kind="home_leave", on=D) == {
        "expected_return_on": ["Izin pulang perlu tanggal rencana kembali."]
    }
    assert services.event_problems(kind="home_leave", on=D, expected_return_on=D - timedelta(days=1)) == {
        "expected_return_on": ["Rencana kembali tidak boleh sebelum tanggal kejadian."]
    }
    assert services.event_problems(kind="room_move", on=D, room="  ") == {
        "room": ["Isi kamar/wisma yang baru."]
    }
    assert services.event_problems(kind="hospital", on=D, returned_on=D - timedelta(days=1)) == {
        "returned_on": ["Tanggal kembali tidak boleh sebelum tanggal kejadian."]
    }
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert services.event_problems(kind="hospital", on=tomorrow) == {
        "on": ["Tanggal kejadian tidak boleh di masa depan."]
    }
    assert list(services.event_problems(kind="party", on=D)) == ["kind"]


def test_the_service_refuses_with_the_messages_of_event_problems(staff_jember, admitted_resident):
    arguments = {"kind": "room_move", "on": D, "room": ""}
    with pytest.raises(services.InvalidData) as caught:
        services.event_record(actor=staff_jember, resident=admitted_resident, **arguments)
    assert caught.value.errors == services.event_problems(**arguments)
    leave = services.event_record(
        actor=staff_jember, resident=admitted_resident, kind="hospital", on=D, notes="Demam"
    )
    with pytest.raises(services.InvalidData) as caught:
        services.event_close(actor=staff_jember, event=leave, returned_on=D - timedelta(days=1))
    assert caught.value.errors == {"returned_on": ["Tanggal kembali tidak boleh sebelum tanggal kejadian."]}


def test_an_absence_left_open_by_a_closed_case_does_not_block_the_next_stay(staff_jember, admitted_resident):
    """Ran away, terminated as ran away, readmitted later: the old running away stays open
    (it is what happened) and the new stay records its own absences."""
    ran = services.event_record(actor=staff_jember, resident=admitted_resident, kind="ran_away", on=D)
    case = admitted_resident.cases.get()
    services.case_terminate(actor=staff_jember, case=case, on=D + timedelta(days=10), reason="ran_away")
    services.case_admit(
        actor=staff_jember,
        resident=admitted_resident,
        institution=case.institution,
        on=D + timedelta(days=40),
        referral_source="polisi",
    )
    leave = services.event_record(
        actor=staff_jember,
        resident=admitted_resident,
        kind="home_leave",
        on=D + timedelta(days=45),
        expected_return_on=D + timedelta(days=47),
    )
    ran.refresh_from_db()
    assert ran.returned_on is None and leave.placement != ran.placement
    # "Kembali" answers only the open case's running away, and there is none.
    with pytest.raises(DomainError, match="kabur"):
        services.event_record(
            actor=staff_jember, resident=admitted_resident, kind="returned", on=D + timedelta(days=46)
        )
