from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.core.dates import add_years, format_dmy, is_future, not_in_future, refuse_future, today
from apps.core.errors import DomainError


def test_today_is_the_local_date_in_jakarta(settings):
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert today() == timezone.localdate()


def test_only_days_after_today_are_in_the_future():
    assert is_future(today() + timedelta(days=1))
    assert not is_future(today())
    assert not is_future(None)


def test_the_form_validator_and_the_service_refusal_say_why():
    not_in_future(today())
    with pytest.raises(ValidationError, match="melewati hari ini"):
        not_in_future(today() + timedelta(days=1))
    refuse_future(today(), "Tanggal masuk")
    with pytest.raises(DomainError, match="Tanggal masuk tidak boleh di masa depan") as caught:
        refuse_future(today() + timedelta(days=1), "Tanggal masuk")
    assert caught.value.code == "future_date"


def test_messages_quote_dates_as_day_month_year():
    assert format_dmy(date(2026, 8, 7)) == "07-08-2026"


def test_add_years_falls_back_to_28_february():
    assert add_years(date(2024, 2, 29), -1) == date(2023, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2025, 6, 2), -60) == date(1965, 6, 2)
