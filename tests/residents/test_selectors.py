from datetime import date, timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from apps.institutions.scope import UserScope
from apps.residents import selectors, services
from apps.residents.duplicates import find_duplicates
from apps.residents.models import ResidentEvent
from tests.factories import UserFactory
from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db


def names(queryset):
    return sorted(r.full_name for r in queryset)


def test_staff_see_residents_registered_or_placed_at_their_institution(
    jember, tuban, semarang, staff_jember, staff_tuban, resident, admitted_resident
):
    at_semarang = ResidentFactory(registered_at=semarang, full_name="Orang Semarang")
    placed_in_jember = ResidentFactory(registered_at=tuban, full_name="Dari Tuban")
    admit(placed_in_jember, jember, on=date(2025, 2, 1))
    assert names(selectors.resident_list(user=staff_jember)) == ["Budi Santoso", "Dari Tuban", "Sri Wahyuni"]
    assert names(selectors.resident_list(user=staff_tuban)) == ["Dari Tuban"]
    assert at_semarang.full_name not in names(selectors.resident_list(user=staff_tuban))


def test_supervisors_see_their_region_and_others_nothing(supervisor_jatim, semarang, resident):
    ResidentFactory(registered_at=semarang, full_name="Orang Semarang")
    assert names(selectors.resident_list(user=supervisor_jatim)) == ["Budi Santoso"]
    assert names(selectors.resident_list(user=UserFactory())) == []


def test_the_list_carries_the_current_placement(jember, staff_jember, resident, admitted_resident):
    rows = {r.full_name: r for r in selectors.resident_list(user=staff_jember)}
    assert rows["Sri Wahyuni"].current_institution_name == jember.name
    assert rows["Sri Wahyuni"].current_since == date(2025, 1, 10)
    assert rows["Sri Wahyuni"].current_institution_id == jember.pk
    assert rows["Budi Santoso"].current_institution_name is None


def test_the_list_costs_the_same_queries_for_3_or_12_residents(jember, staff_jember):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            rows = list(selectors.resident_list(user=UserScope.of(staff_jember)))
            shown = [
                (r.registered_at.name, r.welfare_category.code, r.current_institution_name) for r in rows
            ]
        return len(ctx.captured_queries), len(shown)

    for _ in range(3):
        admit(ResidentFactory(registered_at=jember), jember)
    small = count()
    for _ in range(9):
        ResidentFactory(registered_at=jember)
    big = count()
    assert (small[1], big[1]) == (3, 12)
    # the visible institution ids, then the rows with their annotations
    assert small[0] == big[0] <= 3


def test_a_resident_of_another_institution_is_not_found(staff_tuban, staff_jember, resident):
    assert selectors.resident_get(user=staff_jember, pk=resident.pk) == resident
    with pytest.raises(Http404):
        selectors.resident_get(user=staff_tuban, pk=resident.pk)


def leave_in_february(actor, resident):
    """Home leave from 1 February 2025, expected back on the 5th."""
    return services.event_record(
        actor=actor,
        resident=resident,
        kind="home_leave",
        on=date(2025, 2, 1),
        expected_return_on=date(2025, 2, 5),
    )


def test_timeline_merges_placements_stages_and_events_by_date(staff_jember, tuban, admitted_resident):
    placement = admitted_resident.placements.get()
    leave_in_february(staff_jember, admitted_resident)
    case = admitted_resident.cases.get()
    services.case_stage_set(actor=staff_jember, case=case, stage="asesmen")
    services.placement_transfer(
        actor=staff_jember, placement=placement, to_institution=tuban, on=date(2025, 3, 1)
    )
    kinds = [(e.on, e.kind) for e in selectors.resident_timeline(admitted_resident)]
    assert kinds[:4] == [
        (date(2025, 1, 10), "case_opened"),
        (date(2025, 1, 10), "admitted"),
        (date(2025, 2, 1), "event"),
        (date(2025, 3, 1), "transferred"),
    ]
    # The stage changed today (the day it was recorded).
    assert kinds[-1][1] == "stage"
    assert [kind for _on, kind in kinds].count("stage") == 1  # the change, not the initial stage
    assert [on for on, _kind in kinds] == sorted(on for on, _kind in kinds)


def test_timeline_shows_the_discharge(staff_jember, admitted_resident):
    services.case_terminate(
        actor=staff_jember, case=admitted_resident.cases.get(), on=date(2025, 4, 1), reason="independent"
    )
    kinds = [e.kind for e in selectors.resident_timeline(admitted_resident)]
    # Leaving and the case's termination are one line (tests/residents/test_timeline.py).
    assert kinds[-1] == "discharged" and "case_closed" not in kinds


def test_a_leave_of_a_discharged_resident_is_not_overdue(staff_jember, admitted_resident):
    leave_in_february(staff_jember, admitted_resident)
    services.case_terminate(
        actor=staff_jember,
        case=admitted_resident.cases.get(),
        on=date(2025, 2, 10),
        reason="returned_to_family",
    )
    assert not ResidentEvent.objects.overdue_leaves(date(2025, 3, 1)).exists()


def test_duplicates_across_institutions_show_only_what_the_user_may_see(
    jember, tuban, staff_jember, resident
):
    elsewhere = ResidentFactory(registered_at=tuban, full_name="Budi Santoso", birth_date=date(1951, 6, 1))
    matches = find_duplicates(user=staff_jember, full_name="budi  santoso", birth_date=date(1950, 1, 1))
    assert [m.id for m in matches.visible] == [resident.pk]
    assert matches.visible[0].institution_name == jember.name
    assert matches.hidden_count == 1
    assert elsewhere.pk not in [m.id for m in matches.visible]


def test_duplicates_with_unknown_birth_dates_match_each_other(jember, staff_jember):
    unknown = ResidentFactory(registered_at=jember, full_name="Mbah Karto", birth_date=None)
    assert [m.id for m in find_duplicates(user=staff_jember, full_name="Mbah Kartoe").visible] == [unknown.pk]
    born = find_duplicates(user=staff_jember, full_name="Mbah Karto", birth_date=date(1940, 1, 1))
    assert not born.found


def test_a_different_name_is_not_a_duplicate(jember, staff_jember, resident):
    assert not find_duplicates(user=staff_jember, full_name="Siti Rahayu", birth_date=date(1950, 3, 12)).found


def test_birth_window_is_two_years(jember, staff_jember, resident):
    assert find_duplicates(user=staff_jember, full_name="Budi Santoso", birth_date=date(1952, 3, 12)).found
    assert not find_duplicates(
        user=staff_jember, full_name="Budi Santoso", birth_date=date(1952, 3, 12) + timedelta(days=1)
    ).found
