"""Referrals between institutions and over-capacity requests: services.referrals."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from apps.core.errors import DomainError
from apps.residents import selectors, services
from apps.residents.models import (
    Document,
    OverCapacityRequest,
    Placement,
    PlacementHistory,
    Referral,
    ReferralHistory,
)
from apps.residents.referral_selectors import referral_timeline_entries
from apps.residents.services import InvalidData
from tests.factories import staff_of
from tests.residents.conftest import ADMITTED_ON, ResidentFactory, admit

pytestmark = pytest.mark.django_db

D = date(2025, 6, 2)
PDF = b"%PDF-1.4 surat rujukan"


def fill(institution, n, *, on=date(2025, 1, 1)):
    for _ in range(n):
        admit(ResidentFactory(registered_at=institution), institution, on=on)


def propose(actor, resident, to, **kwargs):
    values = {"on": D, "reason": "Lebih dekat dengan keluarga", "letter_no": "460/101/2025", **kwargs}
    return services.referral_propose(actor=actor, resident=resident, to_institution=to, **values)


@pytest.fixture
def head_tuban(tuban):
    return staff_of(tuban, role="head", username="kepala_tuban")


@pytest.fixture
def referral(staff_jember, tuban, admitted_resident):
    return propose(staff_jember, admitted_resident, tuban)


# --- proposing --------------------------------------------------------------------------------------


def test_a_proposal_leaves_the_resident_at_the_sender_and_records_who(staff_jember, jember, referral):
    assert referral.status == Referral.Status.PROPOSED
    assert referral.from_institution == jember
    assert referral.created_by == staff_jember
    placement = Placement.objects.get(resident=referral.resident)
    assert placement.institution == jember and placement.end is None
    history = ReferralHistory.objects.get(pgh_obj_id=referral.pk)
    assert history.pgh_context.metadata["user"] == staff_jember.pk


def test_the_letter_may_be_kept_as_the_residents_referral_document(staff_jember, tuban, admitted_resident):
    scan = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    referral = propose(staff_jember, admitted_resident, tuban, document=scan)
    assert referral.document.kind == Document.Kind.REFERRAL
    assert referral.document.resident == admitted_resident


def test_only_the_sending_institution_proposes(staff_tuban, tuban, semarang, admitted_resident):
    with pytest.raises(DomainError, match="tidak berwenang") as exc:
        propose(staff_tuban, admitted_resident, semarang)
    assert exc.value.code == "forbidden"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"on": ADMITTED_ON}, "setelah tanggal masuk"),
        ({"on": timezone.localdate() + timedelta(days=1)}, "masa depan"),
    ],
)
def test_a_proposal_with_a_wrong_day_is_refused(staff_jember, tuban, admitted_resident, change, message):
    with pytest.raises(DomainError, match=message):
        propose(staff_jember, admitted_resident, tuban, **change)
    assert not Referral.objects.exists()


def test_a_proposal_needs_a_reason_and_a_letter_number(staff_jember, tuban, admitted_resident):
    with pytest.raises(InvalidData) as exc:
        propose(staff_jember, admitted_resident, tuban, reason="  ")
    assert "reason" in exc.value.errors
    with pytest.raises(InvalidData) as exc:
        propose(staff_jember, admitted_resident, tuban, letter_no="")
    assert "letter_no" in exc.value.errors


def test_no_referral_to_the_same_or_an_inactive_institution(staff_jember, jember, tuban, admitted_resident):
    with pytest.raises(DomainError, match="sama dengan"):
        propose(staff_jember, admitted_resident, jember)
    tuban.is_active = False
    tuban.save(update_fields=["is_active"])
    with pytest.raises(DomainError, match="tidak aktif"):
        propose(staff_jember, admitted_resident, tuban)


def test_one_open_referral_per_resident(staff_jember, semarang, referral):
    with pytest.raises(DomainError, match="belum dijawab") as exc:
        propose(staff_jember, referral.resident, semarang)
    assert exc.value.code == "referral_open"


def test_a_resident_without_a_placement_cannot_be_referred(staff_jember, tuban, resident):
    with pytest.raises(DomainError, match="tidak sedang ditempatkan"):
        propose(staff_jember, resident, tuban)


# --- accepting ----------------------------------------------------------------------------------------


def test_acceptance_moves_the_resident_on_the_proposed_day(staff_tuban, jember, tuban, referral):
    new = services.referral_accept(actor=staff_tuban, referral=referral, room="Wisma 2")
    old = Placement.objects.get(pk=referral.placement_id)
    assert old.end == D and old.end_reason == Placement.EndReason.TRANSFER
    assert (new.institution, new.start, new.room) == (tuban, D, "Wisma 2")
    assert new.case.institution == tuban
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert (referral.decided_by, referral.transferred_on, referral.new_placement) == (staff_tuban, D, new)
    assert referral.decided_at is not None


def test_after_acceptance_only_the_receiver_records_events(staff_jember, staff_tuban, referral):
    """The sending (and registering) institution keeps reading the file but no longer
    records what happens to the PM: a hospital stay is the receiver's to record."""
    services.referral_accept(actor=staff_tuban, referral=referral)
    resident = referral.resident
    with pytest.raises(DomainError, match="tidak berwenang mencatat kejadian"):
        services.event_record(
            actor=staff_jember, resident=resident, kind="hospital", on=D + timedelta(days=1)
        )
    event = services.event_record(
        actor=staff_tuban, resident=resident, kind="hospital", on=D + timedelta(days=1)
    )
    assert event.placement.institution_id == referral.to_institution_id


def test_the_receiver_may_choose_a_later_day_but_not_an_earlier_or_future_one(staff_tuban, referral):
    with pytest.raises(DomainError, match="sebelum tanggal yang diusulkan"):
        services.referral_accept(actor=staff_tuban, referral=referral, on=D - timedelta(days=1))
    with pytest.raises(DomainError, match="masa depan"):
        services.referral_accept(
            actor=staff_tuban, referral=referral, on=timezone.localdate() + timedelta(days=1)
        )
    new = services.referral_accept(actor=staff_tuban, referral=referral, on=D + timedelta(days=7))
    assert new.start == D + timedelta(days=7)


@pytest.mark.parametrize("who", ["staff_jember", "head_jember", "a third institution"])
def test_only_the_receiving_institution_accepts(request, semarang, referral, who):
    actor = (
        staff_of(semarang, username="staf_smg")
        if who == "a third institution"
        else request.getfixturevalue(who)
    )
    with pytest.raises(DomainError, match="tidak berwenang"):
        services.referral_accept(actor=actor, referral=referral)
    referral.refresh_from_db()
    assert referral.is_open


def test_a_failing_acceptance_writes_nothing(staff_tuban, tuban, referral):
    fill(tuban, 5)  # full: the refusal comes after the old placement was already cut short
    before = PlacementHistory.objects.count()
    with pytest.raises(DomainError) as exc:
        services.referral_accept(actor=staff_tuban, referral=referral)
    assert exc.value.code == "over_capacity"
    referral.refresh_from_db()
    assert referral.is_open and referral.decided_at is None
    assert Placement.objects.get(pk=referral.placement_id).end is None
    assert Placement.objects.filter(resident=referral.resident).count() == 1
    assert PlacementHistory.objects.count() == before


def test_the_receiving_head_accepts_over_capacity_with_a_reason(head_tuban, tuban, referral):
    fill(tuban, 5)
    new = services.referral_accept(actor=head_tuban, referral=referral, over_capacity_reason="Darurat")
    assert (new.over_capacity_approved_by, new.over_capacity_reason) == (head_tuban, "Darurat")


def test_a_referral_is_answered_once(staff_tuban, referral):
    services.referral_accept(actor=staff_tuban, referral=referral)
    with pytest.raises(DomainError, match="sudah diterima") as exc:
        services.referral_decline(actor=staff_tuban, referral=referral, reason="x")
    assert exc.value.code == "referral_closed"


def test_a_discharge_cancels_the_waiting_referral_and_ends_the_receivers_access(
    staff_jember, staff_tuban, referral
):
    services.case_terminate(
        actor=staff_jember, case=referral.resident.cases.get(), on=D, reason="returned_to_family"
    )
    referral.refresh_from_db()
    assert (referral.status, referral.decided_by) == (Referral.Status.CANCELLED, staff_jember)
    assert "terminasi" in referral.decision_reason
    with pytest.raises(DomainError, match="sudah dibatalkan") as exc:
        services.referral_accept(actor=staff_tuban, referral=referral)
    assert exc.value.code == "referral_closed"
    assert not Referral.objects.open_to(staff_tuban).exists()


def test_the_direct_transfer_is_only_the_acceptance_of_the_matching_referral(staff_tuban, semarang, referral):
    """``placement_transfer`` with a referral lets the receiver act, for that referral's move only."""
    placement = Placement.objects.get(pk=referral.placement_id)
    with pytest.raises(DomainError, match="tidak berwenang"):
        services.placement_transfer(actor=staff_tuban, placement=placement, to_institution=semarang, on=D)
    with pytest.raises(DomainError, match="tidak berwenang"):
        services.placement_transfer(
            actor=staff_tuban, placement=placement, to_institution=semarang, on=D, referral=referral
        )


# --- declining and cancelling ---------------------------------------------------------------------


def test_the_receiver_declines_with_a_reason_and_the_resident_stays(staff_tuban, jember, referral):
    with pytest.raises(InvalidData):
        services.referral_decline(actor=staff_tuban, referral=referral, reason=" ")
    services.referral_decline(actor=staff_tuban, referral=referral, reason="Tidak ada tempat tidur")
    referral.refresh_from_db()
    assert (referral.status, referral.decided_by) == (Referral.Status.DECLINED, staff_tuban)
    assert referral.decision_reason == "Tidak ada tempat tidur"
    assert Placement.objects.get(resident=referral.resident).institution == jember


def test_only_the_sending_head_cancels(staff_jember, head_jember, staff_tuban, referral):
    for actor in (staff_jember, staff_tuban):
        with pytest.raises(DomainError, match="kepala lembaga pengirim"):
            services.referral_cancel(actor=actor, referral=referral, reason="Keluarga menolak")
    services.referral_cancel(actor=head_jember, referral=referral, reason="Keluarga menolak")
    referral.refresh_from_db()
    assert (referral.status, referral.decided_by) == (Referral.Status.CANCELLED, head_jember)


# --- visibility of the file --------------------------------------------------------------------------


def test_the_receiver_reads_the_file_only_while_the_referral_is_open(staff_tuban, semarang, referral):
    resident = referral.resident
    assert selectors.resident_get(user=staff_tuban, pk=resident.pk) == resident
    with pytest.raises(Http404):
        selectors.resident_get(user=staff_of(semarang, username="staf_smg"), pk=resident.pk)
    services.referral_decline(actor=staff_tuban, referral=referral, reason="Penuh")
    with pytest.raises(Http404):
        selectors.resident_get(user=staff_tuban, pk=resident.pk)


def test_after_a_cancellation_the_receiver_no_longer_sees_the_file(head_jember, staff_tuban, referral):
    services.referral_cancel(actor=head_jember, referral=referral, reason="Batal")
    with pytest.raises(Http404):
        selectors.resident_get(user=staff_tuban, pk=referral.resident_id)


def test_after_acceptance_the_placement_gives_access(staff_tuban, referral):
    services.referral_accept(actor=staff_tuban, referral=referral)
    assert selectors.resident_get(user=staff_tuban, pk=referral.resident_id).pk == referral.resident_id


# --- over-capacity requests: admission --------------------------------------------------------------


def admission_request(actor, resident, institution, **kwargs):
    values = {
        "on": D,
        "reason": "Lansia terlantar, tidak ada panti lain",
        "referral_source": "razia",
        **kwargs,
    }
    return services.capacity_request_submit(actor=actor, resident=resident, institution=institution, **values)


def test_staff_ask_the_head_when_the_institution_is_full(staff_jember, jember, resident):
    fill(jember, 3)
    request = admission_request(staff_jember, resident, jember, room="Isolasi")
    assert (request.kind, request.status, request.created_by) == ("admission", "pending", staff_jember)
    assert not Placement.objects.filter(resident=resident).exists()


def test_no_request_while_there_is_room_nor_from_the_head(staff_jember, head_jember, jember, resident):
    with pytest.raises(DomainError, match="masih memiliki tempat") as exc:
        admission_request(staff_jember, resident, jember)
    assert exc.value.code == "not_full"
    fill(jember, 3)
    with pytest.raises(DomainError, match="kepala lembaga ini") as exc:
        admission_request(head_jember, resident, jember)
    assert exc.value.code == "head_decides"
    with pytest.raises(InvalidData):
        admission_request(staff_jember, resident, jember, reason="")
    admission_request(staff_jember, resident, jember)
    with pytest.raises(DomainError, match="Sudah ada permintaan"):
        admission_request(staff_jember, resident, jember)


def test_the_head_approves_and_the_admission_is_made_as_asked(staff_jember, head_jember, jember, resident):
    fill(jember, 3)
    planned = D + timedelta(days=180)
    with pytest.raises(InvalidData):  # the admission's rule: a plan does not end before the stay starts
        admission_request(staff_jember, resident, jember, planned_discharge_on=D - timedelta(days=1))
    request = admission_request(
        staff_jember,
        resident,
        jember,
        room="Isolasi",
        referral_letter_no="12/A",
        planned_discharge_on=planned,
    )
    placement = services.capacity_request_approve(actor=head_jember, request=request)
    assert (placement.institution, placement.start, placement.room) == (jember, D, "Isolasi")
    assert placement.planned_discharge_on == planned
    assert placement.over_capacity_approved_by == head_jember
    assert placement.over_capacity_reason == request.reason
    assert placement.case.referral_letter_no == "12/A"
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.placement) == ("approved", head_jember, placement)


def test_only_the_head_decides_a_request(staff_jember, jember, resident):
    fill(jember, 3)
    request = admission_request(staff_jember, resident, jember)
    with pytest.raises(DomainError, match="Hanya kepala"):
        services.capacity_request_approve(actor=staff_jember, request=request)
    with pytest.raises(DomainError, match="Hanya kepala"):
        services.capacity_request_refuse(actor=staff_jember, request=request, reason="x")


def test_the_head_refuses_with_a_reason(staff_jember, head_jember, jember, resident):
    fill(jember, 3)
    request = admission_request(staff_jember, resident, jember)
    with pytest.raises(InvalidData):
        services.capacity_request_refuse(actor=head_jember, request=request, reason="")
    services.capacity_request_refuse(actor=head_jember, request=request, reason="Rujuk ke panti lain")
    request.refresh_from_db()
    assert (request.status, request.decision_reason) == ("refused", "Rujuk ke panti lain")
    with pytest.raises(DomainError, match="sudah ditolak"):
        services.capacity_request_approve(actor=head_jember, request=request)


def test_an_approval_that_can_no_longer_be_done_fails_and_writes_nothing(
    staff_jember, head_jember, jember, tuban, resident
):
    fill(jember, 3)
    request = admission_request(staff_jember, resident, jember)
    admit(resident, tuban, on=D - timedelta(days=10))  # placed elsewhere meanwhile
    with pytest.raises(DomainError, match="tidak dapat dilaksanakan lagi"):
        services.capacity_request_approve(actor=head_jember, request=request)
    request.refresh_from_db()
    assert request.status == "pending" and request.placement is None
    assert Placement.objects.filter(resident=resident).count() == 1


# --- over-capacity requests: referrals ---------------------------------------------------------------


def test_a_full_receiver_asks_its_head_who_approves_the_move(staff_tuban, head_tuban, tuban, referral):
    fill(tuban, 5)
    request = services.capacity_request_submit(
        actor=staff_tuban,
        resident=referral.resident,
        referral=referral,
        reason="Ahli waris di Tuban",
        room="B1",
    )
    assert (request.kind, request.institution, request.on) == ("referral", tuban, D)
    placement = services.capacity_request_approve(actor=head_tuban, request=request)
    assert (placement.institution, placement.room, placement.over_capacity_approved_by) == (
        tuban,
        "B1",
        head_tuban,
    )
    referral.refresh_from_db()
    assert (referral.status, referral.decided_by, referral.new_placement) == (
        "accepted",
        head_tuban,
        placement,
    )


def test_declining_the_referral_cancels_its_pending_request(staff_tuban, tuban, referral):
    fill(tuban, 5)
    request = services.capacity_request_submit(
        actor=staff_tuban, resident=referral.resident, referral=referral, reason="x"
    )
    services.referral_decline(actor=staff_tuban, referral=referral, reason="Keluarga pindah")
    request.refresh_from_db()
    assert request.status == OverCapacityRequest.Status.CANCELLED
    assert request.decision_reason


# --- timeline --------------------------------------------------------------------------------------------


def test_timeline_entries_tell_each_step_with_its_actor(
    django_assert_num_queries, staff_jember, staff_tuban, head_tuban, tuban, semarang, referral
):
    services.referral_decline(actor=staff_tuban, referral=referral, reason="Penuh")
    second = propose(staff_jember, referral.resident, tuban, letter_no="2")
    fill(tuban, 5)
    request = services.capacity_request_submit(
        actor=staff_tuban, resident=referral.resident, referral=second, reason="Mendesak"
    )
    services.capacity_request_approve(actor=head_tuban, request=request)
    with django_assert_num_queries(2):
        entries = referral_timeline_entries(referral.resident)
    kinds = [e.kind for e in entries]
    assert kinds == [
        "referral_proposed",
        "referral_declined",
        "referral_proposed",
        "capacity_request",
        "referral_accepted",
        "capacity_request_approved",
    ]
    assert "Penuh" in entries[1].detail
    assert staff_tuban.get_full_name() in entries[1].detail
    assert "UPT PSBG Tuban" in entries[0].title
