"""The census definitions (apps/reports/census.py) on a hand-computed month and on random data."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from apps.institutions.models import Institution
from apps.reports import census
from apps.reports.census import Month
from apps.residents.models import Placement
from tests.factories import InstitutionFactory
from tests.residents.conftest import ResidentFactory, admit

from .fixtures import march

pytestmark = pytest.mark.django_db

MARCH = Month(2025, 3)


def by_code(rows):
    return {row.code: row for row in rows}


def figures(row):
    return (
        row.opening,
        row.admissions,
        row.transfers_in,
        row.transfers_out,
        row.discharges,
        row.closing,
        row.resident_days,
    )


def test_march_census_matches_the_hand_computed_table(jember, tuban):
    march(jember, tuban)
    rows = by_code(census.census_by_institution(Institution.objects.all(), [MARCH]))
    assert figures(rows["UPT-JBR"]) == (4, 2, 0, 1, 2, 3, 87)
    assert (rows["UPT-JBR"].average_census, rows["UPT-JBR"].occupancy_pct) == (
        Decimal("2.8"),
        Decimal("93.5"),
    )
    assert figures(rows["UPT-TBN"]) == (0, 1, 1, 0, 1, 1, 18)
    assert (rows["UPT-TBN"].average_census, rows["UPT-TBN"].occupancy_pct) == (
        Decimal("0.6"),
        Decimal("11.6"),
    )


def test_an_institution_without_placements_has_nothing(semarang):
    (row,) = census.census_by_institution(Institution.objects.all(), [MARCH])
    assert figures(row) == (0, 0, 0, 0, 0, 0, 0)
    assert (row.average_census, row.occupancy_pct, row.median_stay_days) == (
        Decimal("0.0"),
        Decimal("0.0"),
        None,
    )
    (together,) = census.census_totals(Institution.objects.all(), [MARCH])
    assert together.resident_days == 0


def test_a_transfer_counts_once_on_each_side_and_not_as_an_admission(jember, tuban):
    march(jember, tuban)
    (together,) = census.census_totals(Institution.objects.all(), [MARCH])
    assert (together.admissions, together.transfers_in, together.transfers_out) == (3, 1, 1)
    assert together.discharges == 3
    assert together.capacity == 8


def test_the_month_after_sees_the_next_admission_and_the_opening_from_march(jember, tuban):
    march(jember, tuban)
    april = by_code(census.census_by_institution(Institution.objects.all(), [Month(2025, 4)]))
    assert april["UPT-JBR"].opening == 3
    assert (april["UPT-TBN"].opening, april["UPT-TBN"].admissions) == (1, 1)


def test_occupancy_on_a_day_counts_the_start_day_and_not_the_end_day(jember, tuban):
    march(jember, tuban)
    first = {r.key: r for r in census.occupancy_on(Institution.objects.all(), date(2025, 3, 1))}
    # A, B (starts on the 1st), D, F; C left on the 1st.
    assert first[str(jember.pk)].residents == 4
    assert first[str(jember.pk)].occupancy_pct == Decimal("133.3")
    assert first[str(jember.pk)].is_over_capacity
    fifteenth = {r.key: r for r in census.occupancy_on(Institution.objects.all(), date(2025, 3, 15))}
    # D moved to Tuban on the 15th; F on home leave still holds the place.
    assert (fifteenth[str(jember.pk)].residents, fifteenth[str(tuban.pk)].residents) == (2, 1)
    assert fifteenth[str(tuban.pk)].is_under_used


def test_occupancy_groups_by_province_and_regency(jember, tuban, semarang):
    march(jember, tuban)
    provinces = {
        r.key: r
        for r in census.occupancy_on(Institution.objects.all(), date(2025, 3, 15), group_by="province")
    }
    assert (provinces["35"].capacity, provinces["35"].residents, provinces["35"].institutions) == (8, 3, 2)
    assert (provinces["33"].residents, provinces["33"].under_used) == (0, 1)
    regencies = census.occupancy_on(Institution.objects.all(), date(2025, 3, 15), group_by="regency")
    assert [r.key for r in regencies] == ["33.74", "35.09", "35.23"]


def test_median_length_of_stay_and_discharges_by_reason(jember):
    for days, reason in ((10, "independent"), (20, "returned_to_family"), (40, "independent")):
        placement = admit(
            ResidentFactory(registered_at=jember),
            jember,
            on=date(2025, 3, 1) - timedelta(days=days - 5),
            end=date(2025, 3, 6),
        )
        placement.case.closed_on, placement.case.termination_reason, placement.case.stage = (
            date(2025, 3, 6),
            reason,
            "terminasi",
        )
        placement.case.save()
    (row,) = census.census_by_institution(Institution.objects.filter(pk=jember.pk), [MARCH])
    assert row.median_stay_days == Decimal("20.0")
    assert row.discharges_by_reason["independent"] == 2
    assert row.discharges_by_reason["returned_to_family"] == 1


def test_rounding_is_half_up_to_one_decimal():
    assert census.percent(1, 16) == Decimal("6.3")  # 6.25
    assert census.percent(2, 3) == Decimal("66.7")
    assert census.round_half_up(Decimal("0.05")) == Decimal("0.1")
    row = census.Census(month=Month(2025, 2), capacity=4, resident_days=7)  # 7/28 = 0.25
    assert (row.average_census, row.occupancy_pct) == (Decimal("0.3"), Decimal("6.3"))


def test_month_parsing_refuses_bad_input():
    assert Month.parse("2026-02").days == 28
    assert Month.parse("2024-02").last == date(2024, 2, 29)
    assert Month(2025, 12).next_first == date(2026, 1, 1)
    for bad in ("2026-13", "2026-1", "abc", ""):
        with pytest.raises(ValueError, match="Bulan tidak valid"):
            Month.parse(bad)


def present(period, day):
    start, end = period
    return start <= day and (end is None or day < end)


def test_census_equals_a_day_by_day_count_and_balances_on_random_data():
    rng = random.Random(7)
    institutions = [InstitutionFactory(code=f"UPT-RND-{i}", capacity=rng.randint(1, 9)) for i in range(3)]
    stays = []  # (institution, start, end)
    for n in range(40):
        resident = ResidentFactory(registered_at=institutions[0], full_name=f"Acak {n}")
        start = date(2024, 11, 1) + timedelta(days=rng.randint(0, 150))
        case = None
        for hop in range(rng.randint(1, 3)):
            where = rng.choice(institutions)
            end = start + timedelta(days=rng.randint(1, 70))
            last = hop == 2 or rng.random() < 0.4
            if last and rng.random() < 0.3:
                end = None
            placement = admit(
                resident, where, on=start, end=end, case=case,
                end_reason=None if last else Placement.EndReason.TRANSFER,
            )  # fmt: skip
            stays.append((resident.pk, where.pk, start, end))
            case = placement.case
            if last or end is None:
                break
            start = end
    months = census.last_months(Month(2025, 5), 7)
    rows = census.census_by_institution(Institution.objects.filter(code__startswith="UPT-RND"), months)
    assert len(rows) == 21
    for row in rows:
        assert row.balances, row
        mine = [s for s in stays if s[1] == row.institution_id]
        first, last = row.month.first, row.month.last
        assert row.opening == sum(present(s[2:], first - timedelta(days=1)) for s in mine)
        assert row.closing == sum(present(s[2:], last) for s in mine)
        days = [first + timedelta(days=d) for d in range(row.month.days)]
        assert row.resident_days == sum(present(s[2:], d) for s in mine for d in days)
        starts = [s for s in mine if first <= s[2] <= last]
        continued = {(s[0], s[3]) for s in stays if s[3] is not None}
        assert row.transfers_in == sum((s[0], s[2]) in continued for s in starts)
    totals = census.census_totals(Institution.objects.filter(code__startswith="UPT-RND"), months)
    for month_total in totals:
        same = [r for r in rows if r.month == month_total.month]
        assert month_total.transfers_in == month_total.transfers_out == sum(r.transfers_in for r in same)
        assert month_total.resident_days == sum(r.resident_days for r in same)
