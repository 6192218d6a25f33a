"""What the database holds by its triggers: every event inside its placement (start day to end
day), an event always with a placement, placements that keep their events, no placement
starting after today in Asia/Jakarta; and the check on "other" terminations."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateRange

from apps.residents.models import Case, Placement, ResidentEvent
from tests.residents.conftest import ADMITTED_ON, admit

pytestmark = pytest.mark.django_db

END = date(2025, 6, 30)


def refused(write, constraint: str):
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        write()
    assert caught.value.__cause__.diag.constraint_name == constraint
    return caught.value


def event(placement, on, kind="hospital", **fields):
    return ResidentEvent.objects.create(
        resident_id=placement.resident_id, placement=placement, kind=kind, occurred_on=on, **fields
    )


@pytest.fixture
def ended(resident, jember):
    """A placement [10-01-2025, 30-06-2025): its end day, 30 June, is the day of discharge."""
    return admit(resident, jember, end=END)


def jakarta_today():
    with connection.cursor() as cursor:
        cursor.execute("SELECT (now() AT TIME ZONE 'Asia/Jakarta')::date")
        return cursor.fetchone()[0]


# --- events inside their placement ---------------------------------------------------------------------


def test_events_may_fall_on_the_start_and_the_end_day(ended):
    assert event(ended, ADMITTED_ON).pk
    assert event(ended, END, kind="death").pk
    assert event(ended, END - timedelta(5), returned_on=END).pk


def test_an_event_before_the_start_is_refused(ended):
    error = refused(lambda: event(ended, ADMITTED_ON - timedelta(1)), "event_inside_placement")
    assert "inside its placement" in str(error)


def test_an_event_after_the_end_day_is_refused(ended):
    refused(lambda: event(ended, END + timedelta(1)), "event_inside_placement")


def test_a_return_after_the_end_day_is_refused(ended):
    refused(
        lambda: event(ended, END - timedelta(1), returned_on=END + timedelta(1)), "event_inside_placement"
    )


def test_an_update_that_moves_an_event_out_is_refused(ended):
    stay = event(ended, date(2025, 3, 1))
    refused(
        lambda: ResidentEvent.objects.filter(pk=stay.pk).update(occurred_on=END + timedelta(1)),
        "event_inside_placement",
    )
    refused(
        lambda: ResidentEvent.objects.filter(pk=stay.pk).update(returned_on=END + timedelta(3)),
        "event_inside_placement",
    )


def test_an_event_of_another_residents_placement_is_refused(ended, admitted_resident):
    other = admitted_resident.placements.get()
    refused(
        lambda: ResidentEvent.objects.create(
            resident_id=ended.resident_id, placement=other, kind="hospital", occurred_on=date(2025, 3, 1)
        ),
        "event_inside_placement",
    )


def test_an_event_without_a_placement_is_refused(ended):
    refused(
        lambda: ResidentEvent.objects.create(
            resident_id=ended.resident_id, kind="hospital", occurred_on=date(2025, 3, 1)
        ),
        "event_has_placement",
    )
    stay = event(ended, date(2025, 3, 1))
    refused(lambda: ResidentEvent.objects.filter(pk=stay.pk).update(placement=None), "event_has_placement")


# --- placements keep their events ----------------------------------------------------------------------


def test_shortening_a_placement_past_an_event_is_refused(ended):
    event(ended, date(2025, 6, 1))
    error = refused(
        lambda: Placement.objects.filter(pk=ended.pk).update(
            period=DateRange(ADMITTED_ON, date(2025, 5, 31))
        ),
        "placement_holds_its_events",
    )
    assert "keeps every one of its events" in str(error)
    # Down to the event's day is fine: the end day belongs to the placement.
    Placement.objects.filter(pk=ended.pk).update(period=DateRange(ADMITTED_ON, date(2025, 6, 1)))


def test_shortening_a_placement_past_a_return_is_refused(ended):
    event(ended, date(2025, 6, 1), returned_on=date(2025, 6, 10))
    refused(
        lambda: Placement.objects.filter(pk=ended.pk).update(period=DateRange(ADMITTED_ON, date(2025, 6, 5))),
        "placement_holds_its_events",
    )


def test_moving_a_placements_start_past_an_event_is_refused(ended):
    event(ended, date(2025, 2, 1))
    refused(
        lambda: Placement.objects.filter(pk=ended.pk).update(period=DateRange(date(2025, 2, 2), END)),
        "placement_holds_its_events",
    )


def test_moving_a_placement_to_another_resident_with_events_is_refused(ended, admitted_resident):
    event(ended, date(2025, 2, 1))
    refused(
        lambda: Placement.objects.filter(pk=ended.pk).update(resident=admitted_resident),
        "placement_holds_its_events",
    )


# --- no placement starts after today (Asia/Jakarta) ----------------------------------------------------


def test_a_placement_starting_after_today_in_jakarta_is_refused(resident, jember):
    tomorrow = jakarta_today() + timedelta(days=1)
    error = refused(lambda: admit(resident, jember, on=tomorrow), "placement_starts_by_today")
    assert "after today" in str(error)


def test_a_placement_starting_today_in_jakarta_is_allowed(resident, jember):
    assert admit(resident, jember, on=jakarta_today()).pk


def test_an_update_moving_the_start_after_today_is_refused(resident, jember):
    placement = admit(resident, jember)
    tomorrow = jakarta_today() + timedelta(days=1)
    refused(
        lambda: Placement.objects.filter(pk=placement.pk).update(period=DateRange(tomorrow, None)),
        "placement_starts_by_today",
    )


# --- "other" termination needs a note ------------------------------------------------------------------


@pytest.mark.parametrize("notes", ["", "   "])
def test_a_case_closed_for_another_reason_without_a_note_is_refused(resident, jember, notes):
    case = Case.objects.create(
        resident=resident, institution=jember, opened_on=ADMITTED_ON, referral_source="keluarga"
    )
    refused(
        lambda: Case.objects.filter(pk=case.pk).update(
            closed_on=END, termination_reason="other", stage="terminasi", termination_notes=notes
        ),
        "case_other_reason_has_notes",
    )
    Case.objects.filter(pk=case.pk).update(
        closed_on=END, termination_reason="other", stage="terminasi", termination_notes="Menikah"
    )
