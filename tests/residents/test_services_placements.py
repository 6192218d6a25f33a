"""Admission, capacity, transfer, termination and stages: services.placements."""

from datetime import date, timedelta

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from apps.core.errors import DomainError
from apps.institutions.models import Membership
from apps.residents import services
from apps.residents.models import Case, Placement
from tests.factories import staff_of
from tests.residents.conftest import ADMITTED_ON, ResidentFactory, admit


def occupancy(institution, on) -> int:
    """Places taken at ``institution`` on ``on``: placements with start <= on < end."""
    return Placement.objects.current(on).filter(institution=institution).count()


pytestmark = pytest.mark.django_db

D = date(2025, 6, 2)


def fill(institution, n, *, on=date(2025, 1, 1)):
    """``n`` residents placed at ``institution`` from ``on``."""
    for _ in range(n):
        admit(ResidentFactory(registered_at=institution), institution, on=on)


# --- admission and capacity ------------------------------------------------------------------------


def test_admission_opens_a_case_and_a_placement(staff_jember, jember, resident):
    placement = services.case_admit(
        actor=staff_jember, resident=resident, institution=jember, on=D, referral_source="razia", room="Mawar"
    )
    assert placement.start == D and placement.end is None
    assert placement.case.opened_on == D
    assert placement.case.referral_source == "razia"
    assert occupancy(jember, D) == 1
    assert occupancy(jember, D - timedelta(days=1)) == 0


def test_admission_reuses_an_open_case(staff_jember, jember, resident):
    case = Case.objects.create(resident=resident, institution=jember, opened_on=D, referral_source="keluarga")
    placement = services.case_admit(
        actor=staff_jember,
        resident=resident,
        institution=jember,
        on=D + timedelta(days=3),
        referral_source="",
    )
    assert placement.case == case


def test_a_resident_already_placed_cannot_be_admitted_again(staff_jember, jember, admitted_resident):
    with pytest.raises(DomainError, match="masih ditempatkan"):
        services.case_admit(
            actor=staff_jember, resident=admitted_resident, institution=jember, on=D, referral_source="razia"
        )


def test_admission_into_a_full_institution_is_refused_for_staff(staff_jember, jember, resident):
    fill(jember, 3)
    with pytest.raises(DomainError, match="penuh") as caught:
        services.case_admit(
            actor=staff_jember,
            resident=resident,
            institution=jember,
            on=D,
            referral_source="razia",
            over_capacity_reason="darurat",
        )
    assert caught.value.code == "over_capacity"
    assert not resident.cases.exists()


def test_head_must_give_a_reason_to_go_over_capacity(head_jember, jember, resident):
    fill(jember, 3)
    with pytest.raises(DomainError) as caught:
        services.case_admit(
            actor=head_jember, resident=resident, institution=jember, on=D, referral_source="razia"
        )
    assert caught.value.code == "over_capacity_reason"


def test_head_approves_admission_over_capacity_with_a_reason(head_jember, jember, resident):
    fill(jember, 3)
    placement = services.case_admit(
        actor=head_jember,
        resident=resident,
        institution=jember,
        on=D,
        referral_source="razia",
        over_capacity_reason="Lansia terlantar ditemukan saat hujan, tidak ada panti lain.",
    )
    assert placement.over_capacity_approved_by == head_jember
    assert occupancy(jember, D) == 4


def test_head_of_another_institution_cannot_approve(jember, tuban, resident):
    # Head of Tuban, and staff (not head) of Jember.
    user = staff_of(tuban, role="head", username="kepala_lain")
    Membership.objects.create(user=user, institution=jember, role="staff")
    fill(jember, 3)
    with pytest.raises(DomainError, match="kepala lembaga"):
        services.case_admit(
            actor=user,
            resident=resident,
            institution=jember,
            on=D,
            referral_source="razia",
            over_capacity_reason="x",
        )


def test_a_place_freed_by_a_discharge_counts_from_the_discharge_day(staff_jember, jember, resident):
    fill(jember, 2)
    leaving = ResidentFactory(registered_at=jember)
    admit(leaving, jember, on=date(2025, 1, 1), end=D)  # [1 Jan, 2 Jun): gone on 2 June
    with pytest.raises(DomainError):
        services.case_admit(
            actor=staff_jember,
            resident=resident,
            institution=jember,
            on=D - timedelta(days=1),
            referral_source="razia",
        )
    placement = services.case_admit(
        actor=staff_jember, resident=resident, institution=jember, on=D, referral_source="razia"
    )
    assert placement.pk


def test_a_backdated_admission_must_fit_on_every_later_day(staff_jember, jember, resident):
    fill(jember, 3, on=date(2025, 3, 1))
    with pytest.raises(DomainError, match="penuh"):
        services.case_admit(
            actor=staff_jember,
            resident=resident,
            institution=jember,
            on=date(2025, 2, 1),
            referral_source="razia",
        )


def test_admission_in_the_future_is_refused(staff_jember, jember, resident):
    with pytest.raises(DomainError, match="masa depan"):
        services.case_admit(
            actor=staff_jember,
            resident=resident,
            institution=jember,
            on=timezone.localdate() + timedelta(days=1),
            referral_source="razia",
        )


# --- transfer -------------------------------------------------------------------------------------


def test_transfer_ends_one_placement_and_starts_the_next_on_the_same_day(
    staff_jember, tuban, admitted_resident
):
    old = admitted_resident.placements.get()
    new = services.placement_transfer(
        actor=staff_jember, placement=old, to_institution=tuban, on=D, room="B2"
    )
    old.refresh_from_db()
    assert old.period == DateRange(ADMITTED_ON, D)
    assert old.end_reason == Placement.EndReason.TRANSFER
    assert new.period == DateRange(D, None)
    assert new.case_id == old.case_id
    assert Case.objects.get(pk=old.case_id).institution == tuban
    assert occupancy(tuban, D) == 1


def test_transfer_into_a_full_institution_needs_its_head(staff_jember, head_jember, tuban, admitted_resident):
    fill(tuban, 5)
    placement = admitted_resident.placements.get()
    # The head of the sending institution is not the head of the receiving one.
    with pytest.raises(DomainError, match="kepala lembaga"):
        services.placement_transfer(
            actor=head_jember, placement=placement, to_institution=tuban, on=D, over_capacity_reason="x"
        )
    placement.refresh_from_db()
    assert placement.end is None


def test_head_of_the_receiving_institution_approves_a_transfer_over_capacity(
    jember, tuban, admitted_resident
):
    fill(tuban, 5)
    head = staff_of(tuban, role="head", username="kepala_tuban")
    Membership.objects.create(user=head, institution=jember, role="staff")
    placement = admitted_resident.placements.get()
    new = services.placement_transfer(
        actor=head,
        placement=placement,
        to_institution=tuban,
        on=D,
        over_capacity_reason="Rujukan dokter jiwa",
    )
    assert new.over_capacity_approved_by == head


def test_transfer_on_the_admission_day_is_refused(staff_jember, tuban, admitted_resident):
    with pytest.raises(DomainError, match="setelah tanggal masuk"):
        services.placement_transfer(
            actor=staff_jember,
            placement=admitted_resident.placements.get(),
            to_institution=tuban,
            on=ADMITTED_ON,
        )


def test_staff_of_the_receiving_institution_cannot_pull_a_resident(staff_tuban, tuban, admitted_resident):
    with pytest.raises(DomainError, match="tidak berwenang"):
        services.placement_transfer(
            actor=staff_tuban, placement=admitted_resident.placements.get(), to_institution=tuban, on=D
        )


def test_an_ended_placement_cannot_be_transferred(staff_jember, jember, tuban, admitted_resident):
    placement = admitted_resident.placements.get()
    services.placement_transfer(actor=staff_jember, placement=placement, to_institution=tuban, on=D)
    with pytest.raises(DomainError, match="sudah berakhir"):
        services.placement_transfer(
            actor=staff_jember, placement=placement, to_institution=jember, on=D + timedelta(days=5)
        )


# --- termination and stages -----------------------------------------------------------------------


def test_termination_closes_the_case_and_ends_the_placement(staff_jember, jember, admitted_resident):
    case = admitted_resident.cases.get()
    services.case_terminate(
        actor=staff_jember, case=case, on=D, reason="returned_to_family", notes="Dijemput anak"
    )
    case.refresh_from_db()
    assert (case.closed_on, case.termination_reason, case.stage) == (D, "returned_to_family", "terminasi")
    placement = admitted_resident.placements.get()
    assert placement.period == DateRange(ADMITTED_ON, D)
    assert placement.end_reason == Placement.EndReason.DISCHARGE
    assert occupancy(jember, D) == 0


def test_termination_needs_a_known_reason(staff_jember, admitted_resident):
    with pytest.raises(services.InvalidData):
        services.case_terminate(actor=staff_jember, case=admitted_resident.cases.get(), on=D, reason="")


def test_a_closed_case_cannot_be_terminated_again(staff_jember, admitted_resident):
    case = admitted_resident.cases.get()
    services.case_terminate(actor=staff_jember, case=case, on=D, reason="independent")
    with pytest.raises(DomainError, match="sudah ditutup"):
        services.case_terminate(actor=staff_jember, case=case, on=D, reason="independent")


def test_staff_elsewhere_cannot_terminate(staff_tuban, admitted_resident):
    with pytest.raises(DomainError):
        services.case_terminate(actor=staff_tuban, case=admitted_resident.cases.get(), on=D, reason="other")


def test_a_terminated_resident_can_be_admitted_again_under_a_new_case(
    staff_jember, jember, admitted_resident
):
    first = admitted_resident.cases.get()
    services.case_terminate(actor=staff_jember, case=first, on=D, reason="ran_away")
    placement = services.case_admit(
        actor=staff_jember, resident=admitted_resident, institution=jember, on=D, referral_source="polisi"
    )
    assert placement.case_id != first.pk


def test_stage_moves_and_a_closed_case_is_refused_every_stage(staff_jember, admitted_resident):
    case = admitted_resident.cases.get()
    assert services.case_stage_set(actor=staff_jember, case=case, stage="asesmen").stage == "asesmen"
    services.case_terminate(actor=staff_jember, case=case, on=D, reason="independent")
    # Aftercare after termination is the rehabilitation app's move (case_stage_move), not this one.
    for stage in ("intervensi", "bimbingan_lanjut"):
        with pytest.raises(DomainError, match="Kasus sudah ditutup") as caught:
            services.case_stage_set(actor=staff_jember, case=case, stage=stage)
        assert caught.value.code == "case_closed"
    case.refresh_from_db()
    assert case.stage == "terminasi"


# --- the capacity rule on its own -----------------------------------------------------------------


def test_peak_occupancy_counts_every_day_from_the_given_one():
    periods = [
        DateRange(date(2025, 1, 1), date(2025, 2, 1)),
        DateRange(date(2025, 1, 15), None),
        DateRange(date(2025, 3, 1), None),
        DateRange(date(2025, 3, 1), date(2025, 4, 1)),
    ]
    profile = services.OccupancyProfile(periods)
    assert profile.peak_from(date(2024, 12, 1)) == 3  # 1 March: three at once
    assert profile.peak_from(date(2025, 1, 20)) == 3
    assert profile.peak_from(date(2025, 4, 1)) == 2  # the March stay has ended
    assert profile.peak_from(date(2026, 1, 1)) == 2
    assert services.OccupancyProfile([]).peak_from(D) == 0


def test_the_capacity_decision_is_the_heads_with_a_reason(jember, staff_jember, head_jember):
    assert services.capacity_decision(actor=staff_jember, institution=jember, taken=2) == (None, "")
    with pytest.raises(DomainError, match=r"sudah penuh \(3 dari 3 tempat\)") as caught:
        services.capacity_decision(actor=staff_jember, institution=jember, taken=3, reason="darurat")
    assert caught.value.code == "over_capacity"
    with pytest.raises(DomainError) as caught:
        services.capacity_decision(actor=None, institution=jember, taken=3)
    assert caught.value.code == "over_capacity"
    with pytest.raises(DomainError) as caught:
        services.capacity_decision(actor=head_jember, institution=jember, taken=3, reason="  ")
    assert caught.value.code == "over_capacity_reason"
    assert services.capacity_decision(actor=head_jember, institution=jember, taken=4, reason=" banjir ") == (
        head_jember,
        "banjir",
    )


def test_a_transfer_out_of_an_inactive_institution_is_allowed_but_not_into_one(
    staff_jember, jember, tuban, admitted_resident
):
    jember.is_active = False
    jember.save(update_fields=["is_active"])
    new = services.placement_transfer(
        actor=staff_jember, placement=admitted_resident.placements.get(), to_institution=tuban, on=D
    )
    assert new.institution == tuban
    tuban.is_active = False
    tuban.save(update_fields=["is_active"])
    Membership.objects.create(user=staff_jember, institution=tuban, role="staff")
    with pytest.raises(DomainError, match="tidak aktif"):
        services.placement_transfer(
            actor=staff_jember, placement=new, to_institution=jember, on=D + timedelta(days=1)
        )
