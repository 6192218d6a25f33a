"""The figures of docs/tracks.md, computed by hand."""

from datetime import date
from decimal import Decimal

import pytest

from apps.tracks.figures import add_months, median, percent, realisation_pct, survival, unit_cost


@pytest.mark.parametrize(
    ("start", "months", "mark"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 3, 31), 12, date(2026, 3, 31)),
    ],
)
def test_a_mark_is_the_start_plus_calendar_months_clamped_to_the_month_end(start, months, mark):
    assert add_months(start, months) == mark


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (5, 12, Decimal("41.7")),
        (1, 8, Decimal("12.5")),
        (1, 2000, Decimal("0.1")),  # 0.05 rounds half up
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (0, 7, Decimal("0.0")),
        (7, 7, Decimal("100.0")),
        (3, 0, None),
    ],
)
def test_percentages_round_half_up_to_one_decimal(part, whole, expected):
    assert percent(part, whole) == expected


def test_realisation_and_unit_cost():
    assert realisation_pct(5_000_000, 12_000_000) == Decimal("41.7")
    assert realisation_pct(0, 0) is None
    assert unit_cost(5_000_000, 3) == 1_666_667
    assert unit_cost(5, 2) == 3  # 2.5 rounds half up
    assert unit_cost(5_000_000, 0) is None


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert median([300, -100, 200, 100]) == Decimal(150)
    assert median([5, 1, 3]) == Decimal(3)
    assert median([]) is None


REPORT_DAY = date(2025, 12, 31)
BUSINESSES = [
    ("A", date(2025, 1, 31)),  # marks 30 Apr, 31 Jul 2025, 31 Jan 2026
    ("B", date(2025, 6, 15)),  # marks 15 Sep, 15 Dec 2025, 15 Jun 2026
    ("C", date(2025, 3, 1)),  # marks 1 Jun, 1 Sep 2025, 1 Mar 2026
    ("D", date(2024, 11, 30)),  # marks 28 Feb (clamped), 30 May, 30 Nov 2025
    ("E", date(2024, 12, 31)),  # marks 31 Mar, 30 Jun, 31 Dec 2025 (= report day)
    ("F", date(2024, 10, 1)),  # marks 1 Jan, 1 Apr, 1 Oct 2025
]
VISITS = {
    "A": [(date(2025, 5, 10), "running"), (date(2025, 8, 1), "stalled")],
    "B": [(date(2025, 8, 1), "closed")],  # closed before both marks: known, not survived
    "C": [(date(2026, 1, 5), "running")],  # after the report day: ignored
    "D": [(date(2025, 2, 28), "stalled"), (date(2025, 11, 30), "running")],
    "E": [(date(2025, 12, 30), "running")],  # the day before its 12-month mark
    "F": [(date(2025, 10, 1), "stalled")],
}


@pytest.mark.parametrize(
    ("months", "started", "known", "survived", "pct"),
    [
        # 3: all six started; C unknown (its only visit is after the report day);
        # A (running 10 May), D (running 30 Nov), E survived.
        (3, 6, 5, 3, Decimal("60.0")),
        # 6: A's visit after its mark found it stalled; D, E survived.
        (6, 6, 5, 2, Decimal("40.0")),
        # 12: only D, E, F reached the mark; E's visit came before it: unknown.
        (12, 3, 2, 1, Decimal("50.0")),
    ],
)
def test_survival_counts_by_hand(months, started, known, survived, pct):
    result = survival(BUSINESSES, VISITS, REPORT_DAY, months)
    assert (result.started, result.known, result.survived) == (started, known, survived)
    assert result.survival_pct == pct


def test_survival_is_empty_when_nothing_is_known():
    result = survival([("X", date(2025, 1, 1))], {}, REPORT_DAY, 3)
    assert (result.started, result.known, result.survived, result.survival_pct) == (1, 0, 0, None)


def test_a_closed_visit_on_the_mark_is_known_and_not_survived():
    result = survival([("X", date(2025, 1, 31))], {"X": [(date(2025, 2, 28), "closed")]}, REPORT_DAY, 1)
    assert (result.known, result.survived) == (1, 0)


def test_a_closed_visit_after_the_report_day_is_ignored():
    result = survival([("X", date(2025, 1, 1))], {"X": [(date(2026, 1, 2), "closed")]}, REPORT_DAY, 3)
    assert (result.started, result.known) == (1, 0)
