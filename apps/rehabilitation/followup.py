"""The follow-up schedule after discharge, derived from the closed case.

A case closed as returned to family or independent has visits due at each of
``FOLLOW_UP_MONTHS`` calendar months after its closing date (``dates.add_months``:
31 January + 1 month = 28 February). Other reasons (died, ran away, referred
elsewhere, other) have none. A case *entered already closed* more than
``FOLLOW_UP_LOOKBACK_MONTHS`` (12) months before it was entered, i.e. whose row was
created after ``closed_on + 12 months``, has none: those are history loaded from
paper, not people to visit. The institution that follows up is the case's
institution at closing (``Case.institution`` no longer changes once it is closed).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, F, Func, OuterRef
from django.utils import timezone

from apps.residents.models import Case

from . import conf
from .dates import add_months
from .models import FollowUpVisit

ELIGIBLE_REASONS = (Case.TerminationReason.RETURNED_TO_FAMILY, Case.TerminationReason.INDEPENDENT)


@dataclass(frozen=True)
class ScheduledVisit:
    case: Case
    months: int
    due_on: date
    visit: FollowUpVisit | None = None

    @property
    def is_done(self) -> bool:
        return self.visit is not None

    def status(self, on: date) -> str:
        """``done``, ``overdue`` (due before ``on``) or ``due``."""
        if self.visit is not None:
            return "done"
        return "overdue" if self.due_on < on else "due"


def entered_on(case: Case) -> date:
    """The day (Asia/Jakarta) the case row was written."""
    return timezone.localdate(case.created_at) if case.created_at else timezone.localdate()


def has_follow_up(case: Case) -> bool:
    """Whether the closed ``case`` gets follow-up visits at all (see the module docstring)."""
    if case.closed_on is None or case.termination_reason not in ELIGIBLE_REASONS:
        return False
    return entered_on(case) <= add_months(case.closed_on, conf.follow_up_lookback_months())


def schedule_for(case: Case, visits=None) -> list[ScheduledVisit]:
    """The scheduled visits of ``case`` in interval order, each with the visit answering it.

    ``visits`` are the case's FollowUpVisit rows when the caller prefetched them.
    """
    if not has_follow_up(case):
        return []
    if visits is None:
        visits = FollowUpVisit.objects.filter(case=case)
    by_months = {v.months: v for v in visits}
    return [
        ScheduledVisit(case, months, add_months(case.closed_on, months), by_months.get(months))
        for months in conf.follow_up_months()
    ]


def readmitted_within_year():
    """An ``Exists`` for closed-case querysets: the PM was admitted again (anywhere) on or
    after the closing day and within 12 months of it."""
    year_after = Func(F("closed_on"), template="((%(expressions)s) + interval '12 months')::date")
    later = Case.objects.filter(
        resident_id=OuterRef("resident_id"),
        opened_on__gte=OuterRef("closed_on"),
        opened_on__lte=OuterRef("_year_after"),
    ).exclude(pk=OuterRef("pk"))
    return year_after, Exists(later)


def closed_cases(*, institution_ids=None):
    """Closed cases that may have follow-up, with the resident and readmission flag."""
    year_after, readmitted = readmitted_within_year()
    queryset = Case.objects.filter(closed_on__isnull=False, termination_reason__in=ELIGIBLE_REASONS)
    if institution_ids is not None:
        queryset = queryset.filter(institution_id__in=institution_ids)
    return (
        queryset.select_related("resident")
        .annotate(_year_after=year_after, readmitted=readmitted)
        .order_by("closed_on", "id")
    )


def visits_by_case(case_ids) -> dict[int, list[FollowUpVisit]]:
    result: dict[int, list[FollowUpVisit]] = {pk: [] for pk in case_ids}
    for visit in FollowUpVisit.objects.filter(case_id__in=list(case_ids)).order_by("months", "id"):
        result[visit.case_id].append(visit)
    return result


def scheduled_visits(cases) -> list[ScheduledVisit]:
    """Every scheduled visit (done or not) of ``cases``, two queries in all."""
    cases = list(cases)
    visits = visits_by_case([c.pk for c in cases])
    return [item for case in cases for item in schedule_for(case, visits[case.pk])]


def due_visits(*, institution, on: date, window_days: int = conf.FOLLOW_UP_WINDOW_DAYS):
    """Visits not yet made, due on or before ``on + window_days``, of cases closed at
    ``institution``; ordered by due date, then registration number."""
    until = on + timedelta(days=window_days)
    items = [
        item
        for item in scheduled_visits(
            closed_cases(institution_ids=[institution.pk]).filter(closed_on__lte=until)
        )
        if not item.is_done and item.due_on <= until
    ]
    items.sort(key=lambda item: (item.due_on, item.case.resident.registration_no, item.case.pk, item.months))
    return items
