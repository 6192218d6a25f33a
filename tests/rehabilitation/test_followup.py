"""Follow-up after discharge: the schedule, the visits and ``followup_due``.

Every expected date below is computed by hand from the rule in docs/rehabilitation.md.
"""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from openpyxl import Workbook

from apps.core.errors import DomainError
from apps.rehabilitation import services
from apps.rehabilitation.dates import add_months
from apps.rehabilitation.followup import schedule_for
from apps.rehabilitation.models import FollowUpVisit
from apps.residents import services as resident_services
from apps.residents.models import Case
from apps.residents.services import IMPORT_COLUMNS, residents_import
from tests.rehabilitation.conftest import closed_case
from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db

RETURNED = Case.TerminationReason.RETURNED_TO_FAMILY
INDEPENDENT = Case.TerminationReason.INDEPENDENT


def discharge(actor, institution, registration_no, *, opened_on, closed_on, reason) -> Case:
    """Admit, then close through the service the discharge form calls."""
    resident = ResidentFactory(registration_no=registration_no, registered_at=institution)
    case = admit(resident, institution, on=opened_on).case
    notes = "Alasan lain dicatat." if reason == Case.TerminationReason.OTHER else ""  # "other" needs a note
    return resident_services.case_terminate(actor=actor, case=case, on=closed_on, reason=reason, notes=notes)


def dues(case):
    return [(item.months, item.due_on) for item in schedule_for(case)]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
        (date(2025, 12, 31), 1, date(2026, 1, 31)),
    ],
)
def test_adding_months_clamps_to_the_last_day_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def test_case_closed_through_the_form_as_returned_to_family_has_four_visits(staff_jember, jember):
    case = discharge(
        staff_jember, jember, "UPT-JBR-2026-00001", opened_on=date(2025, 9, 1), closed_on=date(2026, 1, 31),
        reason=RETURNED,
    )  # fmt: skip
    assert dues(case) == [
        (1, date(2026, 2, 28)),
        (3, date(2026, 4, 30)),
        (6, date(2026, 7, 31)),
        (12, date(2027, 1, 31)),
    ]


@pytest.mark.parametrize(
    "reason",
    [Case.TerminationReason.DIED, Case.TerminationReason.RAN_AWAY, Case.TerminationReason.REFERRED,
     Case.TerminationReason.OTHER],
)  # fmt: skip
def test_cases_closed_for_other_reasons_have_no_follow_up(staff_jember, jember, reason):
    case = discharge(
        staff_jember, jember, "UPT-JBR-2026-00003", opened_on=date(2025, 9, 1), closed_on=date(2026, 1, 31),
        reason=reason,
    )  # fmt: skip
    assert dues(case) == []


def test_open_case_has_no_follow_up(open_case):
    assert dues(open_case) == []


def test_case_entered_closed_more_than_twelve_months_before_has_no_follow_up(jember):
    late = closed_case(
        jember, "UPT-JBR-2024-00001", opened_on=date(2024, 1, 2), closed_on=date(2024, 6, 1), reason=RETURNED,
        created_on=date(2025, 6, 2),
    )  # fmt: skip
    assert dues(late) == []


def test_case_entered_closed_exactly_twelve_months_before_keeps_its_follow_up(jember):
    edge = closed_case(
        jember, "UPT-JBR-2024-00002", opened_on=date(2024, 1, 2), closed_on=date(2024, 6, 1),
        reason=INDEPENDENT, created_on=date(2025, 6, 1),
    )  # fmt: skip
    assert dues(edge) == [
        (1, date(2024, 7, 1)),
        (3, date(2024, 9, 1)),
        (6, date(2024, 12, 1)),
        (12, date(2025, 6, 1)),
    ]


def test_follow_up_months_come_from_settings(settings, jember):
    settings.FOLLOW_UP_MONTHS = [2, 1]
    case = closed_case(
        jember,
        "UPT-JBR-2026-00009",
        opened_on=date(2025, 11, 1),
        closed_on=date(2025, 12, 31),
        reason=RETURNED,
    )
    assert dues(case) == [(1, date(2026, 1, 31)), (2, date(2026, 2, 28))]


def test_a_visit_fulfils_the_interval_it_answers(staff_jember, jember):
    case = discharge(
        staff_jember, jember, "UPT-JBR-2026-00001", opened_on=date(2025, 9, 1), closed_on=date(2026, 1, 31),
        reason=RETURNED,
    )  # fmt: skip
    visit = services.followup_visit_record(
        actor=staff_jember, case=case, months=1, visited_on=date(2026, 3, 2),
        outcome=FollowUpVisit.Outcome.DOING_WELL, notes="Tinggal bersama anaknya.",
    )  # fmt: skip
    statuses = {item.months: item.status(date(2026, 5, 1)) for item in schedule_for(case)}
    assert statuses == {1: "done", 3: "overdue", 6: "due", 12: "due"}
    assert visit.history.count() == 1
    assert visit.history.get().pgh_context.metadata["user"] == staff_jember.pk


def test_a_visit_is_refused_for_an_interval_not_scheduled_or_already_made(staff_jember, jember):
    case = discharge(
        staff_jember, jember, "UPT-JBR-2026-00001", opened_on=date(2025, 9, 1), closed_on=date(2026, 1, 31),
        reason=RETURNED,
    )  # fmt: skip
    args = {"actor": staff_jember, "case": case, "visited_on": date(2026, 3, 2), "outcome": "doing_well"}
    with pytest.raises(DomainError):
        services.followup_visit_record(months=2, **args)
    services.followup_visit_record(months=1, **args)
    with pytest.raises(DomainError):
        services.followup_visit_record(months=1, **args)
    with pytest.raises(DomainError):
        services.followup_visit_record(months=3, **{**args, "visited_on": date(2026, 1, 30)})


def test_the_database_keeps_one_visit_per_case_and_interval(jember):
    case = closed_case(
        jember, "UPT-JBR-2026-00001", opened_on=date(2025, 9, 1), closed_on=date(2026, 1, 31), reason=RETURNED
    )
    FollowUpVisit.objects.create(case=case, months=1, visited_on=date(2026, 3, 1), outcome="doing_well")
    with pytest.raises(IntegrityError) as exc:
        FollowUpVisit.objects.create(case=case, months=1, visited_on=date(2026, 3, 2), outcome="needs_help")
    assert exc.value.__cause__.diag.constraint_name == "followup_one_visit_per_interval"


def test_another_institution_may_not_record_a_visit(staff_tuban, jember):
    case = closed_case(
        jember, "UPT-JBR-2026-00001", opened_on=date(2025, 9, 1), closed_on=date(2026, 1, 31), reason=RETURNED
    )
    with pytest.raises(DomainError):
        services.followup_visit_record(
            actor=staff_tuban, case=case, months=1, visited_on=date(2026, 3, 1), outcome="doing_well"
        )


def import_discharged(tmp_path, registration_no, *, admitted_on, discharged_on, reason):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(IMPORT_COLUMNS)
    values = {
        "institution_code": "UPT-JBR", "registration_no": registration_no, "full_name": "Parjo", "sex": "L",
        "birth_date": "1950-03-12", "birth_date_estimated": "N", "welfare_category": "LUT",
        "admitted_on": admitted_on, "discharged_on": discharged_on, "discharge_reason": reason,
    }  # fmt: skip
    sheet.append([values.get(c, "") for c in IMPORT_COLUMNS])
    path = tmp_path / "pm.xlsx"
    workbook.save(path)
    residents_import(actor=None, source=str(path))


@pytest.fixture
def closings(tmp_path, staff_jember, jember, tuban):
    """Cases closed at Jember through the form, the import and the admin, and one at Tuban."""
    form = {"actor": staff_jember, "institution": jember, "opened_on": date(2025, 9, 1)}
    discharge(registration_no="UPT-JBR-2026-00001", closed_on=date(2026, 1, 31), reason=RETURNED, **form)
    discharge(registration_no="UPT-JBR-2025-00009", closed_on=date(2026, 1, 31), reason=INDEPENDENT, **form)
    discharge(registration_no="UPT-JBR-2026-00003", closed_on=date(2026, 1, 31), reason="died", **form)
    discharge(registration_no="UPT-JBR-2026-00006", closed_on=date(2026, 2, 1), reason=RETURNED, **form)
    discharge(registration_no="UPT-JBR-2026-00007", closed_on=date(2026, 3, 1), reason=RETURNED, **form)
    visited = discharge(
        registration_no="UPT-JBR-2026-00005", closed_on=date(2025, 12, 31), reason=RETURNED, **form
    )
    services.followup_visit_record(
        actor=staff_jember, case=visited, months=1, visited_on=date(2026, 2, 2), outcome="needs_help"
    )
    import_discharged(
        tmp_path, "UPT-JBR-2026-00002", admitted_on="2026-01-05", discharged_on="2026-02-15", reason="mandiri"
    )
    closed_case(
        jember, "UPT-JBR-2024-00001", opened_on=date(2024, 1, 2), closed_on=date(2024, 6, 1), reason=RETURNED,
        created_on=date(2025, 6, 1),
    )  # fmt: skip
    closed_case(
        jember, "UPT-JBR-2024-00003", opened_on=date(2024, 1, 2), closed_on=date(2024, 6, 1), reason=RETURNED,
        created_on=date(2025, 6, 2),
    )  # fmt: skip
    closed_case(
        tuban, "UPT-TBN-2026-00001", opened_on=date(2025, 9, 1), closed_on=date(2026, 1, 31), reason=RETURNED
    )


EXPECTED_CSV = """registration_no,closed_on,due_on,months,status
UPT-JBR-2024-00001,2024-06-01,2024-07-01,1,overdue
UPT-JBR-2024-00001,2024-06-01,2024-09-01,3,overdue
UPT-JBR-2024-00001,2024-06-01,2024-12-01,6,overdue
UPT-JBR-2024-00001,2024-06-01,2025-06-01,12,overdue
UPT-JBR-2025-00009,2026-01-31,2026-02-28,1,overdue
UPT-JBR-2026-00001,2026-01-31,2026-02-28,1,overdue
UPT-JBR-2026-00006,2026-02-01,2026-03-01,1,due
UPT-JBR-2026-00002,2026-02-15,2026-03-15,1,due
UPT-JBR-2026-00005,2025-12-31,2026-03-31,3,due
"""


def run(*args) -> str:
    out = io.StringIO()
    call_command("followup_due", *args, stdout=out)
    return out.getvalue()


def test_followup_due_lists_visits_not_made_up_to_thirty_days_ahead_as_csv(closings):
    assert run("--institution", "UPT-JBR", "--date", "2026-03-01") == EXPECTED_CSV


def test_followup_due_as_json_has_the_same_rows(closings):
    rows = json.loads(run("--institution", "upt-jbr", "--date", "2026-03-01", "--format", "json"))
    assert rows[4] == {
        "registration_no": "UPT-JBR-2025-00009",
        "closed_on": "2026-01-31",
        "due_on": "2026-02-28",
        "months": 1,
        "status": "overdue",
    }
    assert [list(row.values()) for row in rows] == [
        [c if i != 3 else int(c) for i, c in enumerate(line.split(","))]
        for line in EXPECTED_CSV.splitlines()[1:]
    ]


def test_followup_due_window_moves_with_the_date(closings):
    lines = run("--institution", "UPT-JBR", "--date", "2026-03-02").splitlines()
    assert "UPT-JBR-2026-00007,2026-03-01,2026-04-01,1,due" in lines
    assert "UPT-JBR-2026-00006,2026-02-01,2026-03-01,1,overdue" in lines


def test_followup_due_without_rows_prints_the_header(jember):
    assert (
        run("--institution", "UPT-JBR", "--date", "2026-03-01")
        == "registration_no,closed_on,due_on,months,status\n"
    )


def test_followup_due_refuses_an_unknown_institution_or_date(jember):
    with pytest.raises(CommandError):
        run("--institution", "NOPE")
    with pytest.raises(CommandError):
        run("--institution", "UPT-JBR", "--date", "2026-02-30")


def test_a_pm_admitted_again_within_twelve_months_is_flagged_for_the_closing_institution(jember, tuban):
    from apps.rehabilitation.followup import closed_cases

    case = closed_case(
        jember, "UPT-JBR-2026-00001", opened_on=date(2025, 1, 2), closed_on=date(2025, 1, 31), reason=RETURNED
    )
    other = closed_case(
        jember, "UPT-JBR-2026-00002", opened_on=date(2024, 1, 2), closed_on=date(2024, 1, 31), reason=RETURNED
    )
    admit(case.resident, tuban, on=date(2026, 1, 31))  # 12 months to the day: flagged
    admit(other.resident, tuban, on=date(2025, 2, 1))  # a year and a day: not flagged
    flags = dict(closed_cases(institution_ids=[jember.pk]).values_list("pk", "readmitted"))
    assert flags == {case.pk: True, other.pk: False}


def test_followup_due_lists_a_case_closed_through_the_discharge_page(client, staff_jember, jember):
    resident = ResidentFactory(registration_no="UPT-JBR-2026-00011", registered_at=jember)
    admit(resident, jember, on=date(2025, 12, 1))
    client.force_login(staff_jember)
    form = {"on": "2025-12-31", "reason": "returned_to_family", "notes": "", "confirm": "1"}
    response = client.post(f"/residents/{resident.pk}/discharge/", form)
    assert response.status_code == 302
    assert run("--institution", "UPT-JBR", "--date", "2026-01-15").splitlines() == [
        "registration_no,closed_on,due_on,months,status",
        "UPT-JBR-2026-00011,2025-12-31,2026-01-31,1,due",
    ]
    assert run("--institution", "UPT-JBR", "--date", "2026-03-05").splitlines()[1:] == [
        "UPT-JBR-2026-00011,2025-12-31,2026-01-31,1,overdue",
        "UPT-JBR-2026-00011,2025-12-31,2026-03-31,3,due",
    ]
