from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from apps.core.errors import DomainError
from apps.institutions.models import Membership
from apps.residents import services
from apps.residents.models import (
    AccessLog,
    Case,
    Document,
    Placement,
    RegistrationCounter,
    Resident,
    ResidentEvent,
)
from tests.factories import category, staff_of
from tests.residents.conftest import ADMITTED_ON, ResidentFactory, admit

pytestmark = pytest.mark.django_db

D = date(2025, 6, 2)


def person(**overrides):
    data = {
        "full_name": "Ahmad Fauzi",
        "sex": "L",
        "birth_date": date(1960, 5, 17),
        "welfare_category": category("GEL"),
    }
    data.update(overrides)
    return data


def fill(institution, n, *, on=date(2025, 1, 1)):
    """``n`` residents placed at ``institution`` from ``on``."""
    for _ in range(n):
        admit(ResidentFactory(registered_at=institution), institution, on=on)


def occupancy(institution, on) -> int:
    """Places taken at ``institution`` on ``on``: placements with start <= on < end."""
    return Placement.objects.current(on).filter(institution=institution).count()


# --- registration --------------------------------------------------------------------------


def test_registration_numbers_are_generated_per_institution_and_year(staff_jember, jember):
    year = timezone.localdate().year
    first = services.resident_register(actor=staff_jember, institution=jember, data=person())
    second = services.resident_register(
        actor=staff_jember, institution=jember, data=person(full_name="Wulan Sari", sex="P")
    )
    assert first.registration_no == f"UPT-JBR-{year}-00001"
    assert second.registration_no == f"UPT-JBR-{year}-00002"
    assert RegistrationCounter.objects.get(institution=jember, year=year).last_serial == 2


def test_a_generated_number_skips_one_already_taken(staff_jember, jember):
    year = timezone.localdate().year
    ResidentFactory(registered_at=jember, registration_no=f"UPT-JBR-{year}-00001")
    resident = services.resident_register(actor=staff_jember, institution=jember, data=person())
    assert resident.registration_no == f"UPT-JBR-{year}-00002"


def test_a_registered_pm_needs_no_placement(staff_jember, jember):
    resident = services.resident_register(actor=staff_jember, institution=jember, data=person())
    assert resident.registered_at == jember
    assert not resident.placements.exists()
    assert not resident.cases.exists()
    assert resident.created_by == staff_jember


def test_registration_stores_family_and_consent(staff_jember, jember):
    resident = services.resident_register(
        actor=staff_jember,
        institution=jember,
        data=person(),
        family=[{"name": "Sumarni", "relationship": "ibu", "is_guardian": True, "phone": "0812"}],
        consent={"given_on": date(2025, 5, 1), "given_by": "Sumarni (ibu)", "scope": "Layanan rehabilitasi"},
    )
    assert resident.family.get().is_guardian
    assert resident.consents.get().given_by == "Sumarni (ibu)"


def test_staff_of_another_institution_cannot_register_there(staff_tuban, jember):
    with pytest.raises(DomainError, match="tidak berwenang"):
        services.resident_register(actor=staff_tuban, institution=jember, data=person())


def test_supervisor_cannot_register(supervisor_jatim, jember):
    with pytest.raises(DomainError):
        services.resident_register(actor=supervisor_jatim, institution=jember, data=person())


def test_a_bad_nik_is_refused_with_field_errors_and_nothing_is_written(staff_jember, jember):
    with pytest.raises(services.InvalidData) as caught:
        services.resident_register(
            actor=staff_jember, institution=jember, data=person(nik="3509013102600001")
        )
    assert "nik" in caught.value.errors
    assert not Resident.objects.exists()
    assert not RegistrationCounter.objects.exists()


def test_a_nik_that_disagrees_with_the_birth_date_is_refused(staff_jember, jember):
    with pytest.raises(services.InvalidData) as caught:
        services.resident_register(
            actor=staff_jember, institution=jember, data=person(nik="3509011805600001")
        )
    assert "tidak sama dengan tanggal lahir" in caught.value.errors["nik"][0]


def test_nik_warnings_come_back_on_the_resident(staff_jember, jember):
    resident = services.resident_register(
        actor=staff_jember,
        institution=jember,
        data=person(nik="3530011705600001", birth_date=date(1960, 5, 17)),  # 35.30 does not exist today
    )
    assert resident.nik == "3530011705600001"
    assert len(resident.nik_warnings) == 1
    assert "35.30" in resident.nik_warnings[0]


def test_empty_nik_is_stored_as_null_so_many_pm_can_have_none(staff_jember, jember):
    a = services.resident_register(actor=staff_jember, institution=jember, data=person(nik=""))
    b = services.resident_register(
        actor=staff_jember, institution=jember, data=person(full_name="Wulan Sari", sex="P", nik="")
    )
    assert a.nik is None and b.nik is None


def test_a_nik_already_registered_is_refused_even_when_duplicates_are_allowed(staff_jember, jember, resident):
    with pytest.raises(services.DuplicateSuspected) as caught:
        services.resident_register(
            actor=staff_jember,
            institution=jember,
            data=person(full_name="Orang Lain", nik=resident.nik, birth_date=resident.birth_date),
            allow_duplicates=True,
        )
    assert caught.value.blocking
    assert caught.value.matches.visible[0].registration_no == resident.registration_no


def test_a_similar_name_with_close_birth_date_is_a_suspected_duplicate(staff_jember, jember, resident):
    data = person(full_name="BUDI SANTOSA", birth_date=date(1951, 1, 1))
    with pytest.raises(services.DuplicateSuspected) as caught:
        services.resident_register(actor=staff_jember, institution=jember, data=data)
    assert not caught.value.blocking
    assert [m.id for m in caught.value.matches.visible] == [resident.pk]
    created = services.resident_register(
        actor=staff_jember, institution=jember, data=data, allow_duplicates=True
    )
    assert created.pk != resident.pk


def test_a_similar_name_born_far_apart_is_not_a_duplicate(staff_jember, jember, resident):
    created = services.resident_register(
        actor=staff_jember,
        institution=jember,
        data=person(full_name="Budi Santoso", birth_date=date(1990, 1, 1)),
    )
    assert created.full_name == "Budi Santoso"


def test_a_similar_name_with_the_same_mother_is_a_duplicate_whatever_the_birth_date(
    staff_jember, jember, resident
):
    with pytest.raises(services.DuplicateSuspected):
        services.resident_register(
            actor=staff_jember,
            institution=jember,
            data=person(full_name="Budi Santoso", birth_date=date(1990, 1, 1), mother_name="SITI AMINAH"),
        )


def test_a_duplicate_in_an_institution_the_user_cannot_see_is_only_counted(staff_tuban, tuban, resident):
    with pytest.raises(services.DuplicateSuspected) as caught:
        services.resident_register(
            actor=staff_tuban,
            institution=tuban,
            data=person(full_name="Budi Santoso", birth_date=date(1950, 3, 12)),
        )
    matches = caught.value.matches
    assert matches.visible == []
    assert matches.hidden_count == 1
    assert "Budi" not in caught.value.message


# --- update ----------------------------------------------------------------------------------


def test_update_writes_only_what_changed(staff_jember, resident):
    before = resident.history.count()
    services.resident_update(actor=staff_jember, resident=resident, data={"full_name": "Budi Santoso"})
    assert resident.history.count() == before
    updated = services.resident_update(actor=staff_jember, resident=resident, data={"nickname": "Pak Budi"})
    assert updated.nickname == "Pak Budi"
    assert resident.history.count() == before + 1


def test_update_refuses_a_nik_of_another_pm(staff_jember, jember, resident):
    other = ResidentFactory(registered_at=jember, birth_date=date(1950, 3, 12))
    with pytest.raises(services.InvalidData) as caught:
        services.resident_update(actor=staff_jember, resident=other, data={"nik": resident.nik})
    assert "nik" in caught.value.errors


def test_update_rechecks_the_nik_against_a_changed_sex(staff_jember, resident):
    with pytest.raises(services.InvalidData):
        services.resident_update(actor=staff_jember, resident=resident, data={"sex": "P"})
    resident.refresh_from_db()
    assert resident.sex == "L"


def test_staff_elsewhere_cannot_update(staff_tuban, resident):
    with pytest.raises(DomainError):
        services.resident_update(actor=staff_tuban, resident=resident, data={"nickname": "x"})


def test_update_rejects_unknown_fields(staff_jember, resident):
    with pytest.raises(ValueError):
        services.resident_update(actor=staff_jember, resident=resident, data={"registration_no": "X"})


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


def test_stage_moves_and_a_closed_case_only_goes_to_aftercare(staff_jember, admitted_resident):
    case = admitted_resident.cases.get()
    assert services.case_stage_set(actor=staff_jember, case=case, stage="asesmen").stage == "asesmen"
    services.case_terminate(actor=staff_jember, case=case, on=D, reason="independent")
    with pytest.raises(DomainError):
        services.case_stage_set(actor=staff_jember, case=case, stage="intervensi")
    assert services.case_stage_set(actor=staff_jember, case=case, stage="bimbingan_lanjut").stage == (
        "bimbingan_lanjut"
    )


# --- residential events ---------------------------------------------------------------------------


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
    with pytest.raises(DomainError, match="catat kepulangannya"):
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


# --- documents, consent, access log ---------------------------------------------------------------

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_a_pdf_is_stored_under_a_random_name(staff_jember, resident):
    document = services.document_add(
        actor=staff_jember, resident=resident, kind="ktp", file=ContentFile(PDF, name="KTP Budi Santoso.pdf")
    )
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert "Budi" not in document.file.name
    assert document.file.name.startswith("residents/documents/") and document.file.name.endswith(".pdf")
    assert default_storage.open(document.file.name).read() == PDF


def test_the_type_comes_from_the_content_not_the_name(staff_jember, resident):
    document = services.document_add(
        actor=staff_jember, resident=resident, kind="kk", file=ContentFile(PNG, name="scan.pdf")
    )
    assert document.content_type == "image/png"
    assert document.file.name.endswith(".png")


def test_a_program_named_pdf_is_refused(staff_jember, resident):
    with pytest.raises(services.InvalidData) as caught:
        services.document_add(
            actor=staff_jember,
            resident=resident,
            kind="ktp",
            file=ContentFile(b"MZ\x90\x00" * 10, name="ktp.pdf"),
        )
    assert "PDF, JPEG atau PNG" in caught.value.errors["file"][0]
    assert not Document.objects.exists()


def test_a_file_over_5_mb_is_refused(staff_jember, resident):
    big = ContentFile(PDF + b"0" * (5 * 1024 * 1024), name="besar.pdf")
    with pytest.raises(services.InvalidData) as caught:
        services.document_add(actor=staff_jember, resident=resident, kind="ktp", file=big)
    assert "5 MB" in caught.value.errors["file"][0]


def test_consent_in_the_future_is_refused(staff_jember, resident):
    with pytest.raises(services.InvalidData):
        services.consent_record(
            actor=staff_jember,
            resident=resident,
            given_on=timezone.localdate() + timedelta(days=1),
            given_by="PM sendiri",
            scope="Layanan",
        )


def test_access_log_keeps_counts_but_refuses_personal_data(staff_jember, resident):
    entry = services.access_log(
        user=staff_jember, action="export", detail={"count": 12, "filters": ["institution", "q"]}
    )
    assert AccessLog.objects.get(pk=entry.pk).detail == {"count": 12, "filters": ["institution", "q"]}
    with pytest.raises(ValueError):
        services.access_log(user=staff_jember, action="export", detail={"q": "Budi"})
    with pytest.raises(ValueError):
        services.access_log(user=staff_jember, action="view", resident=resident, detail={"nik": resident.nik})
