"""The range a recorded date may fall in: 1900 (or the birth date) to today."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from apps.core.dates import EARLIEST, add_years, recorded_date, refuse_out_of_range, today
from apps.core.errors import DomainError


def test_add_years_stops_at_the_calendars_ends_instead_of_failing():
    assert add_years(date(1, 1, 1), -2) == date(1, 1, 1)
    assert add_years(date(9999, 12, 31), 2) == date(9999, 12, 31)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


@pytest.mark.parametrize("value", [date(1, 1, 1), date(1899, 12, 31)])
def test_a_day_before_1900_is_not_a_recorded_date(value):
    with pytest.raises(ValidationError, match="1900"):
        recorded_date(value)


def test_the_range_runs_from_1900_to_today():
    recorded_date(EARLIEST)
    recorded_date(today())
    with pytest.raises(ValidationError):
        recorded_date(today() + timedelta(days=1))


def test_a_person_s_record_may_not_predate_their_birth():
    with pytest.raises(DomainError, match="tidak boleh sebelum 02-03-1950"):
        refuse_out_of_range(date(1950, 3, 1), "Tanggal masuk", birth_date=date(1950, 3, 2))
    refuse_out_of_range(date(1950, 3, 2), "Tanggal masuk", birth_date=date(1950, 3, 2))
    with pytest.raises(DomainError, match="01-01-1900"):
        refuse_out_of_range(date(1899, 1, 1), "Tanggal masuk", birth_date=None)
