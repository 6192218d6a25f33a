"""Dates as the product uses them: today in Asia/Jakarta, the range a recorded date may
fall in (from 1 January 1900, or the person's birth, to today), and the ``17-08-2026``
form that messages quote (pages use ``formatting.tanggal``)."""

import calendar
from datetime import MAXYEAR, MINYEAR, date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError


def today() -> date:
    """Today in the project's time zone (``TIME_ZONE``, Asia/Jakarta), not the server's."""
    return timezone.localdate()


# No record of a living programme goes back further: a year 1 or 0001-01-01 is a typing
# slip (and broke date arithmetic), not a date.
EARLIEST = date(1900, 1, 1)


def is_future(day: date | None) -> bool:
    return day is not None and day > today()


def not_in_future(value: date | None) -> None:
    """Form field validator: a date no later than today."""
    if is_future(value):
        raise ValidationError(_("Tanggal tidak boleh melewati hari ini."), code="future")


def not_before_1900(value: date | None) -> None:
    """Form field validator: no date before 1 January 1900."""
    if value is not None and value < EARLIEST:
        raise ValidationError(_("Tanggal tidak boleh sebelum tahun 1900."), code="too_early")


def recorded_date(value: date | None) -> None:
    """Form field validator for a day that has happened: 1900 up to today."""
    not_before_1900(value)
    not_in_future(value)


def too_early_message(label: str, earliest: date) -> str:
    """ "<label> tidak boleh sebelum <date>.": the earliest is 1900 or the birth date."""
    return _("%(label)s tidak boleh sebelum %(date)s.") % {"label": label, "date": format_dmy(earliest)}


def earliest_for(birth_date: date | None) -> date:
    """The earliest day a record about a person may carry: their birth, else 1900."""
    return max(EARLIEST, birth_date) if birth_date else EARLIEST


def refuse_out_of_range(day: date | None, label: str, *, birth_date: date | None = None) -> None:
    """Raise ``DomainError`` for a day after today or before the person's birth (or 1900)."""
    refuse_future(day, label)
    earliest = earliest_for(birth_date)
    if day is not None and day < earliest:
        raise DomainError(too_early_message(label, earliest), code="too_early")


def future_message(label: str) -> str:
    """ "<label> tidak boleh di masa depan.", the message services give for a day after today."""
    return _("%(label)s tidak boleh di masa depan.") % {"label": label}


def refuse_future(day: date | None, label: str) -> None:
    """Raise ``DomainError`` when ``day`` is after today; ``label`` names the date."""
    if is_future(day):
        raise DomainError(future_message(label), code="future_date")


def format_dmy(day: date) -> str:
    """``17-08-2026``: the numeric day-month-year that messages quote."""
    return day.strftime("%d-%m-%Y")


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (earlier when negative); 29 February falls back to the
    28th, and years past the calendar's ends stop at year 1 or 9999 instead of failing."""
    year = min(max(day.year + years, MINYEAR), MAXYEAR)
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; a day past the month's end becomes its last
    day (31 January + 1 month = 28 February, or 29 in a leap year). Follow-up visits and
    business survival marks both count this way."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
