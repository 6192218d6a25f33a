"""What is due on "Kasus saya", computed by hand."""

from datetime import date

import pytest

from apps.rehabilitation import selectors, services
from apps.residents.models import Case
from tests.rehabilitation.conftest import approved_plan, assess, closed_case
from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db


def due(user, on):
    data = selectors.my_cases(user=user, on=on)
    as_rows = lambda items: [(i.case.resident.full_name, i.kind, i.due_on, i.months) for i in items]  # noqa: E731
    return as_rows(data["overdue"]), as_rows(data["soon"])


@pytest.fixture
def mine(staff_jember, head_jember, jember):
    """Ani admitted 10 Jan 2025; Budi admitted 1 Jan 2025, assessed 20 Jan, plan review 1 Aug;
    Citra closed 31 Jan 2025 as returned to family. All three assigned to staff_jember."""
    ani = admit(ResidentFactory(registered_at=jember, full_name="Ani"), jember, on=date(2025, 1, 10)).case
    budi = admit(ResidentFactory(registered_at=jember, full_name="Budi"), jember, on=date(2025, 1, 1)).case
    assess(staff_jember, budi, date(2025, 1, 20))
    approved_plan(staff_jember, head_jember, budi, review_on=date(2025, 8, 1))
    citra = closed_case(
        jember, "UPT-JBR-2025-00077", opened_on=date(2024, 10, 1), closed_on=date(2025, 1, 31),
        reason=Case.TerminationReason.RETURNED_TO_FAMILY, created_on=date(2025, 1, 31),
    )  # fmt: skip
    citra.resident.full_name = "Citra"
    citra.resident.save()
    for case in (ani, budi, citra):
        services.case_worker_assign(actor=head_jember, case=case, worker=staff_jember)
    return ani, budi, citra


def test_first_assessment_is_due_fourteen_days_after_admission(staff_jember, mine):
    overdue, soon = due(staff_jember, date(2025, 1, 20))
    assert overdue == []
    assert soon == [("Ani", "assessment", date(2025, 1, 24), None)]


def test_overdue_first_then_due_within_seven_days(staff_jember, mine):
    overdue, soon = due(staff_jember, date(2025, 3, 1))
    assert overdue == [
        ("Ani", "assessment", date(2025, 1, 24), None),
        ("Citra", "follow_up", date(2025, 2, 28), 1),
    ]
    assert soon == []
    overdue, soon = due(staff_jember, date(2025, 7, 26))
    assert ("Budi", "reassessment", date(2025, 7, 20), None) in overdue
    assert soon == [
        ("Citra", "follow_up", date(2025, 7, 31), 6),
        ("Budi", "plan_review", date(2025, 8, 1), None),
    ]


def test_a_follow_up_visit_leaves_the_list(staff_jember, mine):
    citra = mine[2]
    services.followup_visit_record(
        actor=staff_jember, case=citra, months=1, visited_on=date(2025, 3, 1), outcome="doing_well"
    )
    overdue, _soon = due(staff_jember, date(2025, 3, 2))
    assert [row for row in overdue if row[0] == "Citra"] == []


def test_reassessment_uses_the_instruments_interval(staff_jember, mine):
    from apps.rehabilitation.models import Instrument

    Instrument.objects.filter(code="inti").update(repeat_months=3)
    overdue, _soon = due(staff_jember, date(2025, 4, 21))
    assert ("Budi", "reassessment", date(2025, 4, 20), None) in overdue


def test_caseload_bands_and_overdue_per_worker(staff_jember, head_jember, jember, mine):
    load = selectors.caseload(institution=jember, on=date(2025, 3, 1))
    row = next(r for r in load["rows"] if r.worker == staff_jember)
    assert (row.open_cases, row.band, row.overdue) == (2, "0-9", 2)
    assert load["bands"]["0-9"] == 2  # staff and head
    from apps.rehabilitation.selectors.due import band_of

    assert [band_of(n) for n in (0, 9, 10, 19, 20, 29, 30, 99)] == [
        "0-9",
        "0-9",
        "10-19",
        "10-19",
        "20-29",
        "20-29",
        "30+",
        "30+",
    ]


def test_a_case_transferred_away_leaves_the_workers_list(staff_jember, tuban, mine):
    from apps.residents import services as resident_services

    ani = mine[0]
    placement = ani.placements.get()
    resident_services.placement_transfer(
        actor=staff_jember, placement=placement, to_institution=tuban, on=date(2025, 1, 15)
    )
    overdue, soon = due(staff_jember, date(2025, 1, 20))
    assert [row for row in overdue + soon if row[0] == "Ani"] == []
