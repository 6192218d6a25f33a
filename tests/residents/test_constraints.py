"""The rules the database keeps by itself, whatever code writes the rows."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange

from apps.residents.models import Case, Placement, ResidentEvent
from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_two_overlapping_placements_of_one_resident_are_refused(jember, tuban, admitted_resident):
    case = admitted_resident.cases.get()
    refused(
        lambda: Placement.objects.create(
            resident=admitted_resident, case=case, institution=tuban, period=DateRange(date(2025, 3, 1), None)
        )
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
    refused(lambda: admit(resident, jember, on=date(2025, 1, 1), end=date(2025, 1, 1)))


def test_a_placement_without_start_is_refused(jember, resident):
    case = Case.objects.create(
        resident=resident, institution=jember, opened_on=date(2025, 1, 1), referral_source="razia"
    )
    refused(
        lambda: Placement.objects.create(
            resident=resident, case=case, institution=jember, period=DateRange(None, date(2025, 2, 1))
        )
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
        )
    )


def test_a_closed_case_needs_a_termination_reason(jember, resident):
    refused(
        lambda: Case.objects.create(
            resident=resident,
            institution=jember,
            opened_on=date(2025, 1, 1),
            closed_on=date(2025, 2, 1),
            referral_source="razia",
        )
    )


def test_an_open_case_has_no_termination_reason(jember, resident):
    refused(
        lambda: Case.objects.create(
            resident=resident,
            institution=jember,
            opened_on=date(2025, 1, 1),
            referral_source="razia",
            termination_reason="died",
        )
    )


def test_one_open_case_per_resident(jember, admitted_resident):
    refused(
        lambda: Case.objects.create(
            resident=admitted_resident,
            institution=jember,
            opened_on=date(2025, 5, 1),
            referral_source="razia",
        )
    )


@pytest.mark.parametrize("nik", ["350901120350000", "35090112035000A1", ""])
def test_nik_is_16_digits_or_null(jember, nik):
    refused(lambda: ResidentFactory(registered_at=jember, nik=nik))


def test_nik_is_unique(jember, resident):
    refused(lambda: ResidentFactory(registered_at=jember, nik=resident.nik))


def test_a_return_before_the_event_is_refused(admitted_resident):
    refused(
        lambda: ResidentEvent.objects.create(
            resident=admitted_resident,
            kind="home_leave",
            occurred_on=date(2025, 3, 1),
            returned_on=date(2025, 2, 1),
        )
    )
