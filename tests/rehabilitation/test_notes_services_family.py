from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404

from apps.core.errors import DomainError
from apps.rehabilitation import services
from apps.rehabilitation.models import Attendance, FamilyTracingStep, NoteAccess, ProgressNote, ServiceType
from tests.factories import staff_of
from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db

D = date(2025, 3, 3)


@pytest.fixture
def notes(staff_jember, head_jember, open_case):
    """One note of each level by staff_jember, who is the assigned worker."""
    services.case_worker_assign(actor=head_jember, case=open_case, worker=staff_jember)
    return {
        level: services.note_add(
            actor=staff_jember, case=open_case, text=f"Catatan {level}", level=level, written_on=D
        )
        for level in ("institution", "team", "author")
    }


def readable(user):
    return set(ProgressNote.objects.visible_to(user).values_list("level", flat=True))


def test_note_levels_are_enforced_in_the_query(
    notes, staff_jember, head_jember, supervisor_jatim, staff_tuban
):
    colleague = staff_of(notes["team"].case.institution, username="rekan")
    assert readable(staff_jember) == {"institution", "team", "author"}
    assert readable(colleague) == {"institution"}
    assert readable(head_jember) == {"institution", "team"}
    assert readable(supervisor_jatim) == {"institution"}
    assert readable(staff_tuban) == set()


def test_head_or_supervisor_opens_a_restricted_note_with_a_reason_logged(
    notes, staff_jember, head_jember, supervisor_jatim
):
    colleague = staff_of(notes["team"].case.institution, username="rekan")
    restricted = set(ProgressNote.objects.restricted_for(head_jember).values_list("level", flat=True))
    assert restricted == {"author"}
    assert set(ProgressNote.objects.restricted_for(supervisor_jatim).values_list("level", flat=True)) == {
        "team",
        "author",
    }
    with pytest.raises(DomainError):
        services.note_open_restricted(actor=head_jember, note_id=notes["author"].pk, reason=" ")
    note = services.note_open_restricted(
        actor=head_jember, note_id=notes["author"].pk, reason="Pengaduan keluarga"
    )
    assert note.text == "Catatan author"
    access = NoteAccess.objects.get()
    assert (access.user, access.reason, access.note.created_by) == (
        head_jember,
        "Pengaduan keluarga",
        staff_jember,
    )
    with pytest.raises(Http404):
        services.note_open_restricted(actor=colleague, note_id=notes["author"].pk, reason="ingin tahu")


@pytest.fixture
def five(jember):
    return [
        admit(
            ResidentFactory(registered_at=jember, full_name=f"PM {i}"), jember, on=date(2025, 1, 2)
        ).resident
        for i in range(5)
    ]


def record(actor, institution, listed, present, on=D):
    bimbingan = ServiceType.objects.get(code="bimbingan_fisik")
    return services.group_activity_record(
        actor=actor,
        institution=institution,
        title="Senam pagi",
        held_on=on,
        service_type=bimbingan,
        component=bimbingan.component,
        facilitator=actor,
        duration_minutes=60,
        listed_ids=[r.pk for r in listed],
        present_ids=[r.pk for r in present],
    )


def test_group_activity_records_attendance_of_everyone_listed(staff_jember, jember, five):
    activity = record(staff_jember, jember, five, five[:4])
    assert sorted(Attendance.objects.filter(activity=activity).values_list("present", flat=True)) == [
        False, True, True, True, True
    ]  # fmt: skip
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        Attendance.objects.create(activity=activity, resident=five[0])
    assert exc.value.__cause__.diag.constraint_name == "attendance_once_per_activity"


def test_group_activity_refuses_residents_not_placed_there_that_day(staff_jember, jember, tuban, five):
    elsewhere = admit(ResidentFactory(registered_at=tuban), tuban).resident
    with pytest.raises(DomainError):
        record(staff_jember, jember, [*five, elsewhere], five)
    with pytest.raises(DomainError):
        record(staff_jember, jember, five, five, on=date(2024, 12, 1))


def test_family_tracing_steps_and_outcome(staff_jember, open_case):
    args = {"actor": staff_jember, "case": open_case}
    services.family_step_record(
        kind="contact", occurred_on=date(2025, 2, 1), notes="Telepon kepala desa", **args
    )
    with pytest.raises(DomainError):
        services.family_step_record(kind="outcome", occurred_on=date(2025, 2, 5), **args)
    services.family_step_record(kind="outcome", outcome="reunified", occurred_on=date(2025, 2, 5), **args)
    assert list(FamilyTracingStep.objects.order_by("id").values_list("kind", "outcome", "created_by")) == [
        ("contact", "", staff_jember.pk),
        ("outcome", "reunified", staff_jember.pk),
    ]
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        FamilyTracingStep.objects.create(
            case=open_case, kind="home_visit", outcome="reunified", occurred_on=D
        )
    assert exc.value.__cause__.diag.constraint_name == "tracing_outcome_only_on_outcome_step"
