"""The rules the database keeps by itself, whatever code writes the rows.

Each test names the constraint that must refuse the row, so a row refused for another
reason (a fixture that broke a different rule) does not pass for the wrong one.
"""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange

from apps.residents.models import Case, FamilyMember, Placement, ResidentEvent
from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db


def refused(make, constraint: str):
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        make()
    assert exc.value.__cause__.diag.constraint_name == constraint


def test_two_overlapping_placements_of_one_resident_are_refused(jember, tuban, admitted_resident):
    case = admitted_resident.cases.get()
    refused(
        lambda: Placement.objects.create(
            resident=admitted_resident, case=case, institution=tuban, period=DateRange(date(2025, 3, 1), None)
        ),
        "placement_no_overlap",
    )


def test_a_placement_may_start_the_day_the_previous_one_ends(jember, tuban, resident):
    first = admit(resident, jember, on=date(2025, 1, 1), end=date(2025, 2, 1))
    second = Placement.objects.create(
        resident=resident, case=first.case, institution=tuban, period=DateRange(date(2025, 2, 1), None)
    )
    assert second.pk


def test_two_residents_may_overlap(jember, resident, admitted_resident):
    assert admit(resident, jember, on=date(2025, 2, 1)).pk


def test_an_empty_period_is_refused(jember, resident):
    refused(
        lambda: admit(resident, jember, on=date(2025, 1, 1), end=date(2025, 1, 1)),
        "placement_period_not_empty",
    )


def test_a_placement_without_start_is_refused(jember, resident):
    case = Case.objects.create(
        resident=resident, institution=jember, opened_on=date(2025, 1, 1), referral_source="razia"
    )
    refused(
        lambda: Placement.objects.create(
            resident=resident,
            case=case,
            institution=jember,
            period=DateRange(None, date(2025, 2, 1)),
            end_reason="discharge",
        ),
        "placement_has_start",
    )


def test_over_capacity_approval_needs_a_reason(jember, resident, head_jember):
    case = Case.objects.create(
        resident=resident, institution=jember, opened_on=date(2025, 1, 1), referral_source="razia"
    )
    refused(
        lambda: Placement.objects.create(
            resident=resident,
            case=case,
            institution=jember,
            period=DateRange(date(2025, 1, 1), None),
            over_capacity_approved_by=head_jember,
        ),
        "placement_over_capacity_has_reason",
    )


@pytest.mark.parametrize("end_reason", ["", "transfer"])
def test_an_ended_placement_says_why_and_an_open_one_does_not(jember, resident, end_reason):
    # Ended without a reason, or still open with one: both refused.
    end = date(2025, 2, 1) if end_reason == "" else None
    refused(
        lambda: admit(resident, jember, on=date(2025, 1, 1), end=end, end_reason=end_reason),
        "placement_closed_has_end_reason",
    )


@pytest.mark.parametrize(("end", "end_reason"), [(None, ""), (date(2025, 2, 1), "transfer")])
def test_an_open_placement_without_reason_and_an_ended_one_with_one_are_kept(
    jember, resident, end, end_reason
):
    assert admit(resident, jember, on=date(2025, 1, 1), end=end, end_reason=end_reason).pk


def test_a_closed_case_needs_a_termination_reason(jember, resident):
    refused(
        lambda: Case.objects.create(
            resident=resident,
            institution=jember,
            opened_on=date(2025, 1, 1),
            closed_on=date(2025, 2, 1),
            referral_source="razia",
            stage="terminasi",
        ),
        "case_closed_has_reason",
    )


def test_an_open_case_has_no_termination_reason(jember, resident):
    refused(
        lambda: Case.objects.create(
            resident=resident,
            institution=jember,
            opened_on=date(2025, 1, 1),
            referral_source="razia",
            termination_reason="died",
        ),
        "case_closed_has_reason",
    )


def closed_case(resident, institution, stage):
    return Case.objects.create(
        resident=resident,
        institution=institution,
        opened_on=date(2025, 1, 1),
        closed_on=date(2025, 2, 1),
        termination_reason="independent",
        referral_source="razia",
        stage=stage,
    )


@pytest.mark.parametrize(
    "stage", ["pendekatan_awal", "asesmen", "rencana_intervensi", "intervensi", "resosialisasi"]
)
def test_a_closed_case_is_not_in_an_open_stage(jember, resident, stage):
    refused(lambda: closed_case(resident, jember, stage), "case_closed_in_termination_or_aftercare")


@pytest.mark.parametrize("stage", ["terminasi", "bimbingan_lanjut"])
def test_a_closed_case_is_in_termination_or_aftercare(jember, resident, stage):
    assert closed_case(resident, jember, stage).pk


def test_one_open_case_per_resident(jember, admitted_resident):
    refused(
        lambda: Case.objects.create(
            resident=admitted_resident,
            institution=jember,
            opened_on=date(2025, 5, 1),
            referral_source="razia",
        ),
        "case_one_open_per_resident",
    )


@pytest.mark.parametrize("nik", ["350901120350000", "35090112035000A1", ""])
def test_nik_is_16_digits_or_null(jember, nik):
    refused(lambda: ResidentFactory(registered_at=jember, nik=nik), "resident_nik_16_digits")


def test_nik_is_unique(jember, resident):
    refused(lambda: ResidentFactory(registered_at=jember, nik=resident.nik), "residents_resident_nik_key")


def test_an_estimated_birth_date_needs_a_date(jember):
    refused(
        lambda: ResidentFactory(registered_at=jember, birth_date=None, birth_date_estimated=True),
        "resident_estimated_birth_date_set",
    )


def test_a_birth_date_may_be_unknown_when_not_marked_estimated(jember):
    assert ResidentFactory(registered_at=jember, birth_date=None, birth_date_estimated=False).pk


@pytest.mark.parametrize("nik", ["350901120350000", "3509011203 50001", "35090112035000A1"])
def test_a_family_member_nik_is_16_digits(resident, nik):
    refused(
        lambda: FamilyMember.objects.create(resident=resident, name="Siti", relationship="ibu", nik=nik),
        "family_member_nik_16_digits",
    )


@pytest.mark.parametrize("nik", ["", "3509015203250001"])
def test_a_family_member_nik_may_be_empty(resident, nik):
    assert FamilyMember.objects.create(resident=resident, name="Siti", relationship="ibu", nik=nik).pk


def test_a_return_before_the_event_is_refused(admitted_resident):
    refused(
        lambda: ResidentEvent.objects.create(
            resident=admitted_resident,
            placement=admitted_resident.placements.get(),
            kind="home_leave",
            occurred_on=date(2025, 3, 1),
            expected_return_on=date(2025, 3, 5),
            returned_on=date(2025, 2, 1),
        ),
        "event_return_after_start",
    )


def test_a_home_leave_needs_an_expected_return(admitted_resident):
    refused(
        lambda: ResidentEvent.objects.create(
            resident=admitted_resident,
            placement=admitted_resident.placements.get(),
            kind="home_leave",
            occurred_on=date(2025, 3, 1),
        ),
        "event_home_leave_has_expected_return",
    )


@pytest.mark.parametrize("kind", ["hospital", "ran_away"])
def test_other_absences_need_no_expected_return(admitted_resident, kind):
    assert ResidentEvent.objects.create(
        resident=admitted_resident,
        placement=admitted_resident.placements.get(),
        kind=kind,
        occurred_on=date(2025, 3, 1),
    ).pk


def absence(resident, kind, on, returned_on=None):
    return ResidentEvent.objects.create(
        resident=resident,
        placement=resident.placements.get(),
        kind=kind,
        occurred_on=on,
        expected_return_on=on if kind == "home_leave" else None,
        returned_on=returned_on,
    )


@pytest.mark.parametrize("first", ResidentEvent.ABSENCE_KINDS)
@pytest.mark.parametrize("second", ResidentEvent.ABSENCE_KINDS)
def test_one_open_absence_per_placement(admitted_resident, first, second):
    absence(admitted_resident, first, date(2025, 3, 1))
    refused(
        lambda: absence(admitted_resident, second, date(2025, 3, 2)), "event_one_open_absence_per_placement"
    )


def test_an_absence_may_follow_a_closed_one_and_other_events_are_not_absences(admitted_resident, resident):
    absence(admitted_resident, "hospital", date(2025, 3, 1), returned_on=date(2025, 3, 4))
    absence(admitted_resident, "home_leave", date(2025, 3, 5))
    ResidentEvent.objects.create(
        resident=admitted_resident,
        placement=admitted_resident.placements.get(),
        kind="room_move",
        occurred_on=date(2025, 3, 6),
    )
    admit(resident, resident.registered_at)
    assert absence(resident, "ran_away", date(2025, 3, 5)).pk  # another resident
