"""The arithmetic of PermenPANRB 14/2017, without a database."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from apps.surveys import ikm
from apps.surveys.ikm import Period

WORKED_TOTALS = dict(zip(ikm.ELEMENT_CODES, [105, 101, 100, 116, 102, 105, 106, 105, 115], strict=True))


@pytest.mark.parametrize(
    ("weight", "expected"),
    [("1/9", Decimal("91.48")), ("0.111", Decimal("91.38")), ("0.11", Decimal("90.56"))],
)
def test_worked_example_of_the_design_gives_the_published_index_with_each_weight(weight, expected):
    result = ikm.compute(WORKED_TOTALS, 29, ikm.parse_weight(weight))
    assert result.ikm == expected
    assert result.grade.letter == "A"
    assert result.grade.words == "Sangat Baik"
    assert result.respondents == 29


def test_worked_example_nrr_per_element_and_weighted_sum():
    result = ikm.compute(WORKED_TOTALS, 29, Fraction(1, 9))
    assert result.nrr["u1"] == Decimal("3.62")
    assert result.nrr["u4"] == Decimal("4.00")
    assert result.nrr["u9"] == Decimal("3.97")
    assert result.nrr_exact["u3"] == Fraction(100, 29)
    assert result.weighted_sum == Decimal("3.659")
    assert result.nrr_weighted["u1"] == Decimal("0.402")


def test_nrr_is_not_rounded_before_weighting():
    # Rounding each NRR to two decimals first would give 91.50, not 91.48.
    result = ikm.compute(WORKED_TOTALS, 29, Fraction(1, 9))
    rounded_first = sum(result.nrr.values()) * 25 / 9
    assert rounded_first.quantize(Decimal("0.01")) == Decimal("91.50")
    assert result.ikm == Decimal("91.48")


@pytest.mark.parametrize(
    ("value", "letter", "words"),
    [
        ("100.00", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.30", "B", "Baik"),
        ("88.305", "A", "Sangat Baik"),  # graded on the value rounded to two decimals
        ("88.304", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("64.995", "C", "Kurang Baik"),
        ("25.00", "D", "Tidak Baik"),
    ],
)
def test_grade_boundaries(value, letter, words):
    grade = ikm.grade_for(Decimal(value))
    assert (grade.letter, grade.words) == (letter, words)


def test_an_exact_half_hundredth_rounds_up_even_with_weight_one_ninth():
    # 9 elements all with NRR 3.17898 ... : pick totals so that IKM = 88.305 exactly is impossible with
    # integers, so check the rounding helper on an exact rational instead.
    assert ikm.to_decimal(Fraction(88305, 1000)) == Decimal("88.31")
    assert ikm.to_decimal(Fraction(7660499, 100000)) == Decimal("76.60")
    assert ikm.to_decimal(Fraction(2, 3)) == Decimal("0.67")


def test_all_answers_best_gives_100_and_all_worst_gives_25():
    best = ikm.compute(dict.fromkeys(ikm.ELEMENT_CODES, 40), 10, Fraction(1, 9))
    worst = ikm.compute(dict.fromkeys(ikm.ELEMENT_CODES, 10), 10, Fraction(1, 9))
    assert best.ikm == Decimal("100.00")
    assert worst.ikm == Decimal("25.00")
    assert worst.grade.letter == "D"


def test_no_respondents_means_no_index():
    assert ikm.compute(dict.fromkeys(ikm.ELEMENT_CODES), 0, Fraction(1, 9)) is None


def test_impossible_totals_are_refused():
    with pytest.raises(ValueError):
        ikm.compute({**WORKED_TOTALS, "u1": 200}, 29, Fraction(1, 9))


@pytest.mark.parametrize("bad", ["0.1", "1/8", "abc"])
def test_unknown_weights_are_refused(bad):
    with pytest.raises(ValueError):
        ikm.parse_weight(bad)


def test_default_weight_is_one_ninth():
    assert ikm.parse_weight(None) == Fraction(1, 9)
    assert ikm.parse_weight("") == Fraction(1, 9)


def test_weakest_elements_are_the_three_lowest_and_any_graded_c_or_d():
    totals = {"u1": 35, "u2": 30, "u3": 25, "u4": 40, "u5": 36, "u6": 37, "u7": 38, "u8": 28, "u9": 39}
    result = ikm.compute(totals, 10, Fraction(1, 9))
    # u3 2.5, u8 2.8, u2 3.0 are the three lowest (and all below 3.0644 = grade B).
    assert result.weakest() == ["u3", "u8", "u2"]
    totals["u1"] = 29  # 2.9: graded C on its own, so weak too, though a fourth
    assert ikm.compute(totals, 10, Fraction(1, 9)).weakest() == ["u3", "u8", "u1", "u2"]


def test_weakest_includes_ties_at_the_cut():
    totals = dict.fromkeys(ikm.ELEMENT_CODES, 35)
    result = ikm.compute(totals, 10, Fraction(1, 9))
    assert result.weakest() == list(ikm.ELEMENT_CODES)


@pytest.mark.parametrize(
    ("population", "sample"),
    [(0, 0), (1, 1), (9, 9), (10, 10), (11, 14), (100, 80), (101, 86), (110, 86), (2346, 331),
     (3875, 351), (1000, 278), (75000, 382), (1_000_000, 384), (5_000_000, 384)],
)  # fmt: skip
def test_krejcie_morgan_minimum_sample(population, sample):
    assert ikm.min_sample(population) == sample


def test_mean_of_institution_indexes():
    assert ikm.mean_of([Decimal("91.48"), Decimal("80.00")]) == Decimal("85.74")
    assert ikm.mean_of([]) is None


@pytest.mark.parametrize(
    ("text", "start", "end", "kind", "label"),
    [
        ("2026-10", date(2026, 10, 1), date(2026, 11, 1), "month", "Oktober 2026"),
        ("2026-12", date(2026, 12, 1), date(2027, 1, 1), "month", "Desember 2026"),
        ("2026-Q3", date(2026, 7, 1), date(2026, 10, 1), "quarter", "Triwulan III 2026"),
        ("2026-q4", date(2026, 10, 1), date(2027, 1, 1), "quarter", "Triwulan IV 2026"),
        ("2026", date(2026, 1, 1), date(2027, 1, 1), "year", "Tahun 2026"),
    ],
)
def test_periods_parse_into_half_open_date_ranges(text, start, end, kind, label):
    period = Period.parse(text)
    assert (period.start, period.end, period.kind, period.label) == (start, end, kind, label)
    assert Period.parse(period.key) == period


@pytest.mark.parametrize("bad", ["2026-13", "2026-00", "2026-Q5", "26-10", "2026/10", "", "1999", "Q3-2026"])
def test_bad_periods_are_refused(bad):
    with pytest.raises(ValueError):
        Period.parse(bad)


def test_trend_walks_back_over_year_ends():
    months = Period.parse("2026-02").trend(4)
    assert [p.key for p in months] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    quarters = Period.parse("2026-Q1").trend(3)
    assert [p.key for p in quarters] == ["2025-Q3", "2025-Q4", "2026-Q1"]
    assert Period.parse("2026-Q4").next().key == "2027-Q1"


def test_period_containing_a_day():
    assert Period.containing(date(2026, 8, 17), "quarter").key == "2026-Q3"
    assert Period.containing(date(2026, 8, 17), "year").key == "2026"
    assert Period.containing(date(2026, 8, 17)).key == "2026-08"
