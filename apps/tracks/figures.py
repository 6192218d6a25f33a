"""The programme figures, defined once (docs/tracks.md): realisation, unit cost,
survival of businesses, income change. Pure functions over plain values; exact integer
arithmetic, rounded half up.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from apps.core.dates import add_months

from .models.business import SURVIVING, BusinessStatus

SURVIVAL_MONTHS = (3, 6, 12)


def percent(part: int, whole: int) -> Decimal | None:
    """``part / whole x 100``, half up to one decimal; None when ``whole`` is 0."""
    if not whole:
        return None
    tenths = (2 * 1000 * part + whole) // (2 * whole)
    return (Decimal(tenths) / 10).quantize(Decimal("0.1"))


def divide_half_up(amount: int, count: int) -> int | None:
    """``amount / count`` in whole rupiah, half up; None when ``count`` is 0."""
    if not count:
        return None
    return (2 * amount + count) // (2 * count)


def realisation_pct(disbursed: int, allocation: int) -> Decimal | None:
    """Realisation = disbursed / allocation x 100."""
    return percent(disbursed, allocation)


def unit_cost(disbursed: int, beneficiaries: int) -> int | None:
    """Unit cost = disbursed / beneficiaries (whole rupiah)."""
    return divide_half_up(disbursed, beneficiaries)


@dataclass(frozen=True)
class Survival:
    months: int
    started: int
    known: int
    survived: int

    @property
    def survival_pct(self) -> Decimal | None:
        return percent(self.survived, self.known)


def survival(businesses: Iterable[tuple[int, date]], visits: dict, on: date, months: int) -> Survival:
    """Survival at ``months`` months as of the report date ``on``.

    ``businesses``: ``(id, started_on)``; ``visits``: ``{id: [(visited_on, status), ...]}``.
    A business's mark is its start plus ``months`` calendar months. Started: mark on or
    before ``on``. Known: a visit dated from the mark to ``on``, or a visit before the mark
    recording it closed. Survived: a visit dated from the mark to ``on`` recording it
    running or growing. Visits after ``on`` are ignored.
    """
    started = known = survived = 0
    for pk, started_on in businesses:
        mark = add_months(started_on, months)
        if mark > on:
            continue
        started += 1
        seen = [(day, status) for day, status in visits.get(pk, ()) if day <= on]
        after_mark = [status for day, status in seen if day >= mark]
        closed_before = any(day < mark and status == BusinessStatus.CLOSED for day, status in seen)
        if after_mark or closed_before:
            known += 1
        if any(status in SURVIVING for status in after_mark):
            survived += 1
    return Survival(months=months, started=started, known=known, survived=survived)


def median(values: list[int]) -> Decimal | None:
    """The median, exact (a half rupiah when the count is even); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return Decimal(ordered[middle - 1] + ordered[middle]) / 2
