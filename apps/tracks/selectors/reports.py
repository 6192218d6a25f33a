"""The programme and business figures of a fiscal year or a date, for a scope.

A scope is ``institution`` (one), ``region`` (institutions inside its subtree) or
neither (everything the caller was allowed to ask for). Province-wide lines (no
institution) count for a region only when the region is a province: the province's own
budget is not split between its kab/kota (docs/tracks.md).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from apps.regions.models import Region, region_subtree_q

from .. import figures
from ..models import BudgetLine, Business, BusinessVisit, Disbursement, KubeMember


@dataclass(frozen=True)
class Scope:
    """Where a report looks: one institution, one region, or ``institution_ids`` (a user's)."""

    institution: object = None
    region: Region | None = None
    institution_ids: tuple | None = None

    def institution_q(self, field: str = "institution") -> Q:
        if self.institution is not None:
            return Q(**{f"{field}_id": self.institution.pk})
        q = Q()
        if self.region is not None:
            q &= region_subtree_q([self.region.code], field=f"{field}__region")
        if self.institution_ids is not None:
            q &= Q(**{f"{field}_id__in": list(self.institution_ids)})
        return q

    def line_q(self) -> Q:
        q = self.institution_q()
        if not q:  # no scope: every line
            return q
        if self.institution is not None:
            return q
        if self.region is not None and self.region.level != Region.Level.PROVINCE:
            return q
        return q | Q(institution__isnull=True)


@dataclass(frozen=True)
class LineRow:
    line: BudgetLine
    beneficiaries: int

    @property
    def realisation_pct(self) -> Decimal | None:
        return figures.realisation_pct(self.line.disbursed, self.line.allocation)

    @property
    def unit_cost(self) -> int | None:
        return figures.unit_cost(self.line.disbursed, self.beneficiaries)


def _beneficiaries(line_ids) -> dict[int, int]:
    """Distinct PM paid from each line: paid themselves, or members of a KUBE paid."""
    people = defaultdict(set)
    direct = Disbursement.objects.filter(line_id__in=line_ids, resident__isnull=False)
    for line_id, resident_id in direct.values_list("line_id", "resident_id").distinct():
        people[line_id].add(resident_id)
    groups = Disbursement.objects.filter(line_id__in=line_ids, group__isnull=False)
    pairs = groups.values_list("line_id", "group_id").distinct()
    by_group = defaultdict(set)
    for line_id, group_id in pairs:
        by_group[group_id].add(line_id)
    if by_group:
        members = KubeMember.objects.filter(group_id__in=list(by_group)).values_list(
            "group_id", "resident_id"
        )
        for group_id, resident_id in members:
            for line_id in by_group[group_id]:
                people[line_id].add(resident_id)
    return {line_id: len(ids) for line_id, ids in people.items()}


def programme_lines(*, year: int, scope: Scope) -> list[LineRow]:
    """One row per budget line of ``year`` in ``scope``, ordered by code (two queries)."""
    lines = list(
        BudgetLine.objects.filter(scope.line_q(), fiscal_year=year)
        .select_related("programme", "institution")
        .order_by("code", "id")
    )
    counts = _beneficiaries([line.pk for line in lines])
    return [LineRow(line=line, beneficiaries=counts.get(line.pk, 0)) for line in lines]


def businesses_with_visits(*, scope: Scope, on: date):
    """``[(id, started_on)]`` of businesses started on or before ``on`` and their visits
    up to ``on``: ``{id: [(visited_on, status, monthly_income)]}`` (two queries)."""
    businesses = list(
        Business.objects.filter(scope.institution_q(), started_on__lte=on)
        .order_by("id")
        .values_list("id", "started_on", "baseline_income")
    )
    visits = defaultdict(list)
    rows = (
        BusinessVisit.objects.filter(business_id__in=[b[0] for b in businesses], visited_on__lte=on)
        .order_by("business_id", "visited_on", "id")
        .values_list("business_id", "visited_on", "status", "monthly_income")
    )
    for business_id, visited_on, status, income in rows:
        visits[business_id].append((visited_on, status, income))
    return businesses, visits


def survival_rows(*, scope: Scope, on: date) -> list[figures.Survival]:
    """Survival at 3, 6 and 12 months as of ``on``."""
    businesses, visits = businesses_with_visits(scope=scope, on=on)
    pairs = [(pk, started_on) for pk, started_on, _baseline in businesses]
    dated = {pk: [(day, status) for day, status, _income in rows] for pk, rows in visits.items()}
    return [figures.survival(pairs, dated, on, months) for months in figures.SURVIVAL_MONTHS]


def median_income_change(businesses, visits) -> Decimal | None:
    """Median over businesses with an income recorded at a visit of (latest income -
    baseline income at the grant)."""
    changes = []
    for pk, _started_on, baseline in businesses:
        incomes = [income for _day, _status, income in visits.get(pk, ()) if income is not None]
        if incomes:
            changes.append(incomes[-1] - baseline)
    return figures.median(changes)
