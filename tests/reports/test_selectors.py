"""The dashboard reads: occupancy and overdue home leaves, scoped to the user."""

from datetime import date

import pytest

from apps.reports import selectors
from apps.residents import services
from tests.residents.conftest import admit

pytestmark = pytest.mark.django_db


def test_occupancy_counts_start_inclusive_end_exclusive(staff_jember, jember, resident):
    admit(resident, jember, on=date(2025, 1, 1), end=date(2025, 2, 1))

    def occupancy(institution, on):
        own = selectors.home_dashboard(user=staff_jember, on=on)["own"]
        return next(i.occupied_now for i in own if i.pk == institution.pk)

    assert occupancy(jember, date(2024, 12, 31)) == 0
    assert occupancy(jember, date(2025, 1, 1)) == 1
    assert occupancy(jember, date(2025, 1, 31)) == 1
    assert occupancy(jember, date(2025, 2, 1)) == 0


def test_home_occupancy_of_own_institutions_in_one_query(
    staff_jember, jember, admitted_resident, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = selectors.with_occupancy([jember], date(2025, 6, 1))
    assert [(i.code, i.occupied_now) for i in rows] == [("UPT-JBR", 1)]


def test_overdue_leaves_are_scoped_and_stop_at_the_return(staff_jember, staff_tuban, admitted_resident):
    leave = services.event_record(
        actor=staff_jember,
        resident=admitted_resident,
        kind="home_leave",
        on=date(2025, 2, 1),
        expected_return_on=date(2025, 2, 5),
    )
    assert list(selectors.overdue_leaves(user=staff_jember, on=date(2025, 2, 5))) == []
    assert list(selectors.overdue_leaves(user=staff_jember, on=date(2025, 2, 6))) == [leave]
    assert list(selectors.overdue_leaves(user=staff_tuban, on=date(2025, 2, 6))) == []
    services.event_close(actor=staff_jember, event=leave, returned_on=date(2025, 2, 8))
    assert list(selectors.overdue_leaves(user=staff_jember, on=date(2025, 2, 10))) == []
