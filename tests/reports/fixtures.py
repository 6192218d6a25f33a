"""A hand-computed month (March 2025, 31 days) at Jember (capacity 3) and Tuban (capacity 5).

| PM | where and when | Jember in March | Tuban in March |
|---|---|---|---|
| A | Jember from 10 Feb, still there | opening, closing, 31 days | |
| B | Jember 1 Mar to 11 Mar (starts on the first) | admission, discharge, 10 days | |
| C | Jember 5 Jan to 1 Mar (ends on the first) | opening, discharge, 0 days | |
| D | Jember from 1 Feb, to Tuban on 15 Mar | opening, transfer out, 14 days | transfer in, closing, 17 days |
| E | Jember from 31 Mar (admission day counts) | admission, closing, 1 day | |
| F | Jember from 20 Feb, on home leave 5-25 Mar | opening, closing, 31 days | |
| G | Tuban 20 Mar to 21 Mar (discharge day does not count) | | admission, discharge, 1 day |
| H | Jember 1 Feb to 28 Feb, and Tuban from 1 Apr | nothing | nothing |

Jember: opening 4, admissions 2, transfers in 0, out 1, discharges 2, closing 3,
resident-days 87, average census 87/31 = 2.806 -> 2.8, occupancy 87/(31x3) = 93.5 %.
Tuban: opening 0, admissions 1, transfers in 1, out 0, discharges 1, closing 1,
resident-days 18, average 0.6, occupancy 18/(31x5) = 11.6 %.
"""

from datetime import date

from apps.residents.models import Case, Placement, ResidentEvent
from tests.residents.conftest import ResidentFactory, admit

TRANSFER = Placement.EndReason.TRANSFER


def person(institution, name):
    return ResidentFactory(registered_at=institution, full_name=name)


def march(jember, tuban) -> dict:
    """Write the table above; returns the residents by letter."""
    people = {letter: person(jember if letter != "G" else tuban, f"PM {letter}") for letter in "ABCDEFGH"}
    admit(people["A"], jember, on=date(2025, 2, 10))
    admit(people["B"], jember, on=date(2025, 3, 1), end=date(2025, 3, 11))
    admit(people["C"], jember, on=date(2025, 1, 5), end=date(2025, 3, 1))
    sent = admit(people["D"], jember, on=date(2025, 2, 1), end=date(2025, 3, 15), end_reason=TRANSFER)
    admit(people["D"], tuban, on=date(2025, 3, 15), case=sent.case)
    admit(people["E"], jember, on=date(2025, 3, 31))
    leave = admit(people["F"], jember, on=date(2025, 2, 20))
    ResidentEvent.objects.create(
        resident=people["F"],
        placement=leave,
        kind=ResidentEvent.Kind.HOME_LEAVE,
        occurred_on=date(2025, 3, 5),
        expected_return_on=date(2025, 3, 25),
        returned_on=date(2025, 3, 25),
    )
    admit(people["G"], tuban, on=date(2025, 3, 20), end=date(2025, 3, 21))
    first = admit(people["H"], jember, on=date(2025, 2, 1), end=date(2025, 2, 28))
    Case.objects.filter(pk=first.case_id).update(
        closed_on=date(2025, 2, 28), termination_reason="independent", stage="terminasi"
    )
    admit(people["H"], tuban, on=date(2025, 4, 1))
    return people
