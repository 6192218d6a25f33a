"""The file's timeline tells what was true on each day, from the records and their audit history."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from apps.residents import selectors, services
from apps.residents.models import Case
from apps.residents.selectors import TimelineEntry
from tests.factories import category
from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db


def lines(resident, **kwargs):
    return [
        (e.on, e.kind, e.title, e.detail, e.actor) for e in selectors.resident_timeline(resident, **kwargs)
    ]


@pytest.fixture
def moved_resident(jember, tuban, staff_jember, staff_tuban):
    """Registered and admitted at Jember (room Melati) on 10 January 2025, moved to the
    assessment stage, transferred to Tuban (room Anggrek) on 1 March, moved to room Kenanga
    on 10 March, on home leave from 1 April (due back 5 April, back on 8 April)."""
    resident = services.resident_register(
        actor=staff_jember,
        institution=jember,
        data={
            "full_name": "Mbah Karto",
            "sex": "L",
            "birth_date": date(1948, 5, 20),
            "welfare_category": category("LUT"),
        },
        allow_duplicates=True,
    )
    placement = services.case_admit(
        actor=staff_jember,
        resident=resident,
        institution=jember,
        on=date(2025, 1, 10),
        referral_source=Case.ReferralSource.FAMILY,
        room="Melati",
    )
    services.case_stage_set(actor=staff_jember, case=placement.case, stage=Case.Stage.ASSESSMENT)
    services.placement_transfer(
        actor=staff_jember, placement=placement, to_institution=tuban, on=date(2025, 3, 1), room="Anggrek"
    )
    services.event_record(
        actor=staff_tuban, resident=resident, kind="room_move", on=date(2025, 3, 10), room="Kenanga"
    )
    leave = services.event_record(
        actor=staff_tuban,
        resident=resident,
        kind="home_leave",
        on=date(2025, 4, 1),
        expected_return_on=date(2025, 4, 5),
        notes="Menjenguk cucu",
    )
    services.event_close(actor=staff_tuban, event=leave, returned_on=date(2025, 4, 8))
    return resident


def test_transfer_room_move_and_leave_with_return_each_read_as_on_their_day(
    moved_resident, staff_jember, staff_tuban
):
    jember_staff, tuban_staff = str(staff_jember), str(staff_tuban)
    assert lines(moved_resident) == [
        (date(2025, 1, 10), "case_opened", "Kasus dibuka", "UPT PSTW Jember — Keluarga", jember_staff),
        (date(2025, 1, 10), "admitted", "Masuk UPT PSTW Jember", "kamar Melati", jember_staff),
        (
            date(2025, 3, 1),
            "transferred",
            "Pindah dari UPT PSTW Jember ke UPT PSBG Tuban",
            "kamar Anggrek",
            jember_staff,
        ),
        (date(2025, 3, 10), "event", "Pindah kamar: Anggrek → Kenanga", "", tuban_staff),
        (date(2025, 4, 1), "event", "Izin pulang", "Menjenguk cucu", tuban_staff),
        (
            date(2025, 4, 8),
            "event_return",
            "Kembali dari izin pulang",
            "terlambat 3 hari dari rencana 5 Apr 2025",
            tuban_staff,
        ),
        # A stage change is dated the day it was recorded.
        (timezone.localdate(), "stage", "Tahap: Asesmen", "", jember_staff),
    ]


def test_termination_is_one_line_with_the_institution_left_and_the_reason(moved_resident, staff_tuban):
    services.case_terminate(
        actor=staff_tuban,
        case=moved_resident.cases.get(),
        on=date(2025, 5, 2),
        reason=Case.TerminationReason.RETURNED_TO_FAMILY,
        notes="Dijemput anaknya.",
    )
    last_days = [line for line in lines(moved_resident) if line[0] == date(2025, 5, 2)]
    assert last_days == [
        (
            date(2025, 5, 2),
            "discharged",
            "Keluar dari UPT PSBG Tuban",
            "Terminasi: Kembali ke keluarga — Dijemput anaknya.",
            str(staff_tuban),
        )
    ]
    # The closing moved the stage to termination: the termination line says it, no stage line.
    assert [line[2] for line in lines(moved_resident) if line[1] == "stage"] == ["Tahap: Asesmen"]


def test_a_case_closed_without_a_placement_reads_terminasi(jember, staff_jember, resident):
    case = Case.objects.create(
        resident=resident, institution=jember, opened_on=date(2025, 1, 5), referral_source="sendiri"
    )
    services.case_terminate(actor=staff_jember, case=case, on=date(2025, 2, 1), reason="independent")
    assert lines(resident)[-1] == (date(2025, 2, 1), "case_closed", "Terminasi", "Mandiri", str(staff_jember))


def test_an_open_leave_shows_its_expected_return_and_when_it_is_overdue(jember, staff_jember, resident):
    today = timezone.localdate()
    services.case_admit(
        actor=staff_jember, resident=resident, institution=jember, on=today - timedelta(days=30),
        referral_source="keluarga",
    )  # fmt: skip
    due = today - timedelta(days=2)
    services.event_record(
        actor=staff_jember,
        resident=resident,
        kind="home_leave",
        on=today - timedelta(days=9),
        expected_return_on=due,
    )
    leave = [e for e in selectors.resident_timeline(resident) if e.kind == "event"][0]
    assert leave.title == "Izin pulang"
    assert leave.detail == f"rencana kembali {date_format(due, 'j M Y')} (terlambat, belum kembali)"
    assert not [e for e in selectors.resident_timeline(resident) if e.kind == "event_return"]


def test_running_away_and_returning_is_two_lines_not_three(jember, staff_jember, resident):
    services.case_admit(
        actor=staff_jember,
        resident=resident,
        institution=jember,
        on=date(2025, 1, 10),
        referral_source="razia",
    )
    services.event_record(actor=staff_jember, resident=resident, kind="ran_away", on=date(2025, 2, 1))
    services.event_record(actor=staff_jember, resident=resident, kind="returned", on=date(2025, 2, 4))
    events = [(on, kind, title) for on, kind, title, _detail, _actor in lines(resident) if "event" in kind]
    assert events == [
        (date(2025, 2, 1), "event", "Kabur"),
        (date(2025, 2, 4), "event_return", "Kembali setelah kabur"),
    ]


def test_a_one_day_hospital_stay_returns_after_it_began(jember, staff_jember, resident):
    services.case_admit(
        actor=staff_jember,
        resident=resident,
        institution=jember,
        on=date(2025, 1, 10),
        referral_source="razia",
    )
    services.event_record(
        actor=staff_jember,
        resident=resident,
        kind="hospital",
        on=date(2025, 2, 1),
        returned_on=date(2025, 2, 1),
    )
    same_day = [(kind, title) for on, kind, title, _d, _a in lines(resident) if on == date(2025, 2, 1)]
    assert same_day == [("event", "Rawat inap"), ("event_return", "Kembali dari rawat inap")]


def test_records_written_outside_a_service_have_no_actor_but_keep_their_first_state(jember, tuban):
    """Rows written straight to the database (an old import) have audit rows without a user."""
    person = ResidentFactory(registered_at=jember, full_name="Tanpa Konteks")
    placement = admit(person, jember, room="Mawar")
    # Corrected later, outside the services: the timeline still shows how it was made.
    placement.room = "Dahlia"
    placement.save()
    case = placement.case
    case.institution = tuban
    case.save()
    assert lines(person) == [
        (date(2025, 1, 10), "case_opened", "Kasus dibuka", "UPT PSTW Jember — Keluarga", ""),
        (date(2025, 1, 10), "admitted", "Masuk UPT PSTW Jember", "kamar Mawar", ""),
    ]


def test_more_lines_come_from_registered_sources_and_extra_entries(admitted_resident, monkeypatch):
    from apps.residents import timeline

    referral = TimelineEntry(date(2025, 2, 1), "referral", "Rujukan diajukan", "", None)
    monkeypatch.setattr(timeline, "TIMELINE_SOURCES", [lambda resident: [referral]])
    extra = TimelineEntry(date(2025, 1, 20), "note", "Catatan", "", None, actor="Petugas")
    kinds = [e.kind for e in selectors.resident_timeline(admitted_resident, extra=[extra])]
    assert kinds == ["case_opened", "admitted", "note", "referral"]


def test_the_timeline_costs_the_same_queries_for_a_short_and_a_long_file(
    django_assert_num_queries, jember, tuban, staff_jember, staff_tuban, moved_resident
):
    # cases, placements, events, case history, placement history, event history, users,
    # referrals and over-capacity requests (the registered source)
    with django_assert_num_queries(9):
        short = selectors.resident_timeline(moved_resident)
    for month in range(4, 12):
        leave = services.event_record(
            actor=staff_tuban,
            resident=moved_resident,
            kind="home_leave",
            on=date(2025, month, 10),
            expected_return_on=date(2025, month, 12),
        )
        services.event_close(actor=staff_tuban, event=leave, returned_on=date(2025, month, 12))
        services.event_record(
            actor=staff_tuban,
            resident=moved_resident,
            kind="room_move",
            on=date(2025, month, 20),
            room=f"R{month}",
        )
    with django_assert_num_queries(9):
        long = selectors.resident_timeline(moved_resident)
    assert len(long) > len(short) + 20


def test_the_file_shows_each_line_with_who_recorded_it(client, moved_resident, staff_tuban):
    from django.urls import reverse

    client.force_login(staff_tuban)
    body = client.get(reverse("residents:detail", args=[moved_resident.pk])).content.decode()
    assert "Pindah dari UPT PSTW Jember ke UPT PSBG Tuban" in body
    assert (
        f'Pindah kamar: Anggrek → Kenanga</strong> <span class="text-muted">· oleh {staff_tuban}</span>'
        in body
    )
    assert "Kembali dari izin pulang" in body
