"""Dates as the product uses them: today in Asia/Jakarta, no day after today, and the
``17-08-2026`` form that messages quote (pages use ``formatting.tanggal``)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError


def today() -> date:
    """Today in the project's time zone (``TIME_ZONE``, Asia/Jakarta), not the server's."""
    return timezone.localdate()


def is_future(day: date | None) -> bool:
    return day is not None and day > today()


def not_in_future(value: date | None) -> None:
    """Form field validator: a date no later than today."""
    if is_future(value):
        raise ValidationError(_("Tanggal tidak boleh melewati hari ini."), code="future")


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
    """The same calendar day ``years`` later (earlier when negative); 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
