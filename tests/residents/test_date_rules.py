"""The date rules of transfers, discharges and events: not before the PM's birth (or 1900),
not after today, not before the placement's start or its latest recorded event."""

from datetime import date, timedelta

import pytest

from apps.core.dates import today
from apps.core.errors import DomainError
from apps.residents import services
from apps.residents.models import Case, ResidentEvent
from tests.residents.conftest import ADMITTED_ON

pytestmark = pytest.mark.django_db

D = date(2025, 3, 12)


@pytest.fixture
def placement(admitted_resident):
    return admitted_resident.placements.get()


def leave(actor, resident, on=D, back=D + timedelta(days=3)):
    return services.event_record(
        actor=actor, resident=resident, kind="home_leave", on=on, expected_return_on=back, returned_on=back
    )


# --- latest_record ------------------------------------------------------------------------------------


def test_the_latest_record_is_the_start_until_an_event_comes(staff_jember, admitted_resident, placement):
    assert services.latest_record(placement).on == ADMITTED_ON
    assert services.latest_record(placement).is_start
    services.event_record(actor=staff_jember, resident=admitted_resident, kind="hospital", on=D)
    assert services.latest_record(placement).on == D
    assert services.latest_record(placement).what == "rawat inap"


def test_a_return_counts_as_the_latest_record(staff_jember, admitted_resident, placement):
    leave(staff_jember, admitted_resident)
    latest = services.latest_record(placement)
    assert (latest.on, latest.what) == (D + timedelta(days=3), "kembali dari izin pulang")
    assert services.latest_record_on(placement) == D + timedelta(days=3)


# --- transfer ------------------------------------------------------------------------------------------


def test_a_transfer_before_the_latest_event_names_it(staff_jember, tuban, admitted_resident, placement):
    services.event_record(actor=staff_jember, resident=admitted_resident, kind="hospital", on=D)
    with pytest.raises(DomainError) as caught:
        services.placement_transfer(
            actor=staff_jember, placement=placement, to_institution=tuban, on=D - timedelta(1)
        )
    assert (
        caught.value.message
        == "Tanggal pindah tidak boleh sebelum kejadian terakhir (rawat inap 12-03-2025)."
    )
    assert caught.value.code == "before_latest"


def test_a_transfer_on_the_day_of_the_latest_event_is_allowed(
    staff_jember, tuban, admitted_resident, placement
):
    leave(staff_jember, admitted_resident)
    new = services.placement_transfer(
        actor=staff_jember, placement=placement, to_institution=tuban, on=D + timedelta(days=3)
    )
    assert new.start == D + timedelta(days=3)


def test_a_transfer_on_or_before_the_start_is_refused(staff_jember, tuban, placement):
    with pytest.raises(DomainError, match=r"Tanggal pindah harus setelah tanggal masuk \(10-01-2025\)"):
        services.placement_transfer(
            actor=staff_jember, placement=placement, to_institution=tuban, on=ADMITTED_ON
        )


def test_a_transfer_after_today_is_refused(staff_jember, tuban, placement):
    with pytest.raises(DomainError, match="Tanggal pindah tidak boleh di masa depan"):
        services.placement_transfer(
            actor=staff_jember, placement=placement, to_institution=tuban, on=today() + timedelta(days=1)
        )


def test_a_transfer_before_the_birth_date_is_refused(staff_jember, tuban, admitted_resident, placement):
    # A placement recorded with a start before the birth (a data slip): the birth still bounds it.
    admitted_resident.birth_date = date(2025, 2, 1)
    admitted_resident.save(update_fields=["birth_date"])
    with pytest.raises(DomainError, match=r"Tanggal pindah tidak boleh sebelum 01-02-2025"):
        services.placement_transfer(
            actor=staff_jember, placement=placement, to_institution=tuban, on=date(2025, 1, 20)
        )


# --- discharge -----------------------------------------------------------------------------------------


def test_a_discharge_before_the_latest_event_names_it(staff_jember, admitted_resident):
    leave(staff_jember, admitted_resident)
    with pytest.raises(DomainError) as caught:
        services.case_terminate(
            actor=staff_jember,
            case=admitted_resident.cases.get(),
            on=D + timedelta(days=1),
            reason="independent",
        )
    assert caught.value.message == (
        "Tanggal keluar tidak boleh sebelum kejadian terakhir (kembali dari izin pulang 15-03-2025)."
    )
    assert admitted_resident.cases.get().closed_on is None


def test_a_discharge_after_today_or_before_birth_is_refused(staff_jember, admitted_resident):
    case = admitted_resident.cases.get()
    with pytest.raises(DomainError, match="Tanggal terminasi tidak boleh di masa depan"):
        services.case_terminate(
            actor=staff_jember, case=case, on=today() + timedelta(1), reason="independent"
        )
    with pytest.raises(DomainError, match="Tanggal terminasi tidak boleh sebelum 01-07-1948"):
        services.case_terminate(actor=staff_jember, case=case, on=date(1940, 1, 1), reason="independent")


def test_a_discharge_on_the_start_day_is_refused(staff_jember, admitted_resident):
    with pytest.raises(DomainError, match="Tanggal keluar harus setelah tanggal masuk"):
        services.case_terminate(
            actor=staff_jember, case=admitted_resident.cases.get(), on=ADMITTED_ON, reason="independent"
        )


def test_other_reason_needs_a_note(staff_jember, admitted_resident):
    case = admitted_resident.cases.get()
    with pytest.raises(services.InvalidData) as caught:
        services.case_terminate(actor=staff_jember, case=case, on=D, reason="other", notes="  ")
    assert caught.value.errors == {"notes": ['Alasan "Lainnya" perlu catatan yang menjelaskannya.']}
    closed = services.case_terminate(actor=staff_jember, case=case, on=D, reason="other", notes="Menikah")
    assert closed.termination_reason == "other"


# --- events --------------------------------------------------------------------------------------------


def test_an_event_before_the_start_is_refused(staff_jember, admitted_resident):
    with pytest.raises(DomainError) as caught:
        services.event_record(
            actor=staff_jember, resident=admitted_resident, kind="hospital", on=ADMITTED_ON - timedelta(1)
        )
    assert caught.value.message == "Tanggal kejadian tidak boleh sebelum tanggal masuk (10-01-2025)."


def test_an_event_on_the_start_day_is_allowed(staff_jember, admitted_resident):
    event = services.event_record(
        actor=staff_jember, resident=admitted_resident, kind="hospital", on=ADMITTED_ON
    )
    assert event.occurred_on == ADMITTED_ON


def test_an_event_before_the_latest_event_is_refused(staff_jember, admitted_resident):
    services.event_record(
        actor=staff_jember, resident=admitted_resident, kind="room_move", on=D, room="Mawar"
    )
    with pytest.raises(DomainError, match=r"sebelum kejadian terakhir \(pindah kamar/wisma 12-03-2025\)"):
        services.event_record(
            actor=staff_jember, resident=admitted_resident, kind="hospital", on=D - timedelta(1)
        )


def test_an_event_before_the_birth_date_is_refused(staff_jember, admitted_resident):
    with pytest.raises(services.InvalidData) as caught:
        services.event_record(
            actor=staff_jember, resident=admitted_resident, kind="hospital", on=date(1947, 1, 1)
        )
    assert caught.value.errors == {"on": ["Tanggal kejadian tidak boleh sebelum 01-07-1948."]}


def test_a_return_before_the_latest_event_is_refused(staff_jember, admitted_resident):
    stay = services.event_record(actor=staff_jember, resident=admitted_resident, kind="hospital", on=D)
    # A room move recorded while away, then a return dated before it.
    services.event_record(
        actor=staff_jember, resident=admitted_resident, kind="room_move", on=D + timedelta(5), room="Anggrek"
    )
    with pytest.raises(DomainError, match=r"Tanggal kembali tidak boleh sebelum kejadian terakhir"):
        services.event_close(actor=staff_jember, event=stay, returned_on=D + timedelta(2))


def test_a_closed_case_takes_no_events_nor_returns(staff_jember, admitted_resident):
    stay = services.event_record(actor=staff_jember, resident=admitted_resident, kind="hospital", on=D)
    services.case_terminate(
        actor=staff_jember,
        case=admitted_resident.cases.get(),
        on=D + timedelta(1),
        reason="returned_to_family",
    )
    with pytest.raises(DomainError, match="tidak sedang ditempatkan"):
        services.event_record(
            actor=staff_jember, resident=admitted_resident, kind="hospital", on=D + timedelta(2)
        )
    with pytest.raises(DomainError, match="Kasus sudah ditutup") as caught:
        services.event_close(actor=staff_jember, event=stay, returned_on=D + timedelta(1))
    assert caught.value.code == "case_closed"


def test_death_closes_the_case_on_its_day_in_one_transaction(staff_jember, admitted_resident):
    death = services.event_record(
        actor=staff_jember, resident=admitted_resident, kind="death", on=D, notes="Sakit"
    )
    case = Case.objects.get(resident=admitted_resident)
    assert (case.closed_on, case.termination_reason, case.stage) == (D, "died", "terminasi")
    assert admitted_resident.placements.get().end == D
    assert ResidentEvent.objects.get(kind="death").pk == death.pk


def test_a_death_before_the_latest_event_writes_nothing(staff_jember, admitted_resident):
    leave(staff_jember, admitted_resident)
    with pytest.raises(DomainError, match="sebelum kejadian terakhir"):
        services.event_record(
            actor=staff_jember, resident=admitted_resident, kind="death", on=D + timedelta(1)
        )
    assert not ResidentEvent.objects.filter(kind="death").exists()
    assert admitted_resident.cases.get().closed_on is None


def test_fields_of_another_kind_are_ignored(staff_jember, admitted_resident):
    event = services.event_record(
        actor=staff_jember,
        resident=admitted_resident,
        kind="ran_away",
        on=D,
        expected_return_on=D + timedelta(3),
        room="Mawar",
        hospital="RSUD",
    )
    assert (event.expected_return_on, event.room, event.hospital) == (None, "", "")
    assert admitted_resident.placements.get().room == "Melati"


def test_a_hospital_stay_keeps_the_hospital_name(staff_jember, admitted_resident):
    event = services.event_record(
        actor=staff_jember,
        resident=admitted_resident,
        kind="hospital",
        on=D,
        hospital=" RSUD dr. Soebandi ",
        expected_return_on=D + timedelta(7),
    )
    assert (event.hospital, event.expected_return_on) == ("RSUD dr. Soebandi", D + timedelta(7))


def test_a_return_after_the_placement_of_the_running_away_ended_is_refused(
    staff_jember, staff_tuban, tuban, admitted_resident
):
    """Ran away, then transferred: the return belongs to the first placement, which ended on
    the day of the transfer."""
    services.event_record(actor=staff_jember, resident=admitted_resident, kind="ran_away", on=D)
    first = admitted_resident.placements.get()
    services.placement_transfer(
        actor=staff_jember, placement=first, to_institution=tuban, on=D + timedelta(2)
    )
    with pytest.raises(
        DomainError, match=r"Tanggal kembali tidak boleh setelah penempatan berakhir \(14-03-2025\)"
    ):
        services.event_record(
            actor=staff_tuban, resident=admitted_resident, kind="returned", on=D + timedelta(3)
        )
    # Recorded by the institution holding the PM now.
    back = services.event_record(
        actor=staff_tuban, resident=admitted_resident, kind="returned", on=D + timedelta(2)
    )
    assert back.placement == first
