"""Reads of the tracks pages: scoped getters (404 outside scope) and the outcome figures."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.institutions.models import Institution
from apps.regions.models import Region

from .. import figures
from ..models import (
    BudgetLine,
    Business,
    BusinessVisit,
    Certificate,
    Course,
    Disbursement,
    Enrollment,
    KubeGroup,
    KubeMember,
    ReadinessAssessment,
)
from ..models.readiness import Outcome
from ..permissions import can_view_region
from .reports import Scope, businesses_with_visits, median_income_change, programme_lines, survival_rows


def institution_get(*, user, code: str) -> Institution:
    return get_object_or_404(Institution.objects.visible_to(user).select_related("region"), code=code)


def region_get(*, user, code: str) -> Region:
    region = get_object_or_404(Region.objects.select_related("parent"), code=code)
    if not can_view_region(user, region.code):
        raise Http404
    return region


def report_day(year: int) -> date:
    """Figures of a year are as of its last day, or today for the current year."""
    return min(date(year, 12, 31), timezone.localdate())


@dataclass(frozen=True)
class Outcomes:
    enrolled: int
    completed: int
    certified: int
    ready: int
    businesses_started: int
    survival: list
    median_income_change: Decimal | None


def outcomes(*, scope: Scope, year: int) -> Outcomes:
    """What the year's programmes achieved in ``scope`` (about six queries)."""
    in_year = {"gte": date(year, 1, 1), "lte": date(year, 12, 31)}
    courses = scope.institution_q("course__institution")
    counts = Enrollment.objects.filter(courses).aggregate(
        enrolled=Count("pk", filter=Q(enrolled_on__gte=in_year["gte"], enrolled_on__lte=in_year["lte"])),
        completed=Count("pk", filter=Q(completed_on__gte=in_year["gte"], completed_on__lte=in_year["lte"])),
    )
    certified = Certificate.objects.filter(
        scope.institution_q("enrollment__course__institution"),
        issued_on__gte=in_year["gte"],
        issued_on__lte=in_year["lte"],
    ).count()
    ready = (
        ReadinessAssessment.objects.approved()
        .filter(
            scope.institution_q(),
            outcome=Outcome.READY,
            assessed_on__gte=in_year["gte"],
            assessed_on__lte=in_year["lte"],
        )
        .values("resident_id")
        .distinct()
        .count()
    )
    on = report_day(year)
    businesses, visits = businesses_with_visits(scope=scope, on=on)
    started = sum(1 for _pk, started_on, _baseline in businesses if started_on.year == year)
    return Outcomes(
        enrolled=counts["enrolled"],
        completed=counts["completed"],
        certified=certified,
        ready=ready,
        businesses_started=started,
        survival=survival_rows(scope=scope, on=on),
        median_income_change=median_income_change(businesses, visits),
    )


def programme_page(*, scope: Scope, year: int) -> dict:
    lines = programme_lines(year=year, scope=scope)
    allocation = sum(row.line.allocation for row in lines)
    disbursed = sum(row.line.disbursed for row in lines)
    return {
        "lines": lines,
        "allocation": allocation,
        "disbursed": disbursed,
        "realisation_pct": figures.realisation_pct(disbursed, allocation),
        "outcomes": outcomes(scope=scope, year=year),
    }


def province_lines_paid_by(*, institution: Institution, year: int) -> list[dict]:
    """What ``institution`` paid out of province-wide lines in ``year``: per line, the
    amount and the distinct PM paid directly (one query)."""
    return list(
        Disbursement.objects.filter(
            institution=institution, line__institution__isnull=True, line__fiscal_year=year
        )
        .values("line__code", "line__name", "line__programme__code")
        .annotate(amount=Sum("amount"), people=Count("resident", distinct=True))
        .order_by("line__code")
    )


def courses_of(*, institution: Institution):
    return (
        Course.objects.filter(institution=institution)
        .select_related("course_type")
        .annotate(participants=Count("enrollments"))
        .order_by("-starts_on", "id")
    )


def course_get(*, user, pk: int) -> Course:
    queryset = Course.objects.visible_to(user).select_related("institution", "course_type")
    return get_object_or_404(queryset, pk=pk)


def course_enrollments(course: Course):
    return (
        Enrollment.objects.filter(course=course)
        .select_related("resident", "certificate")
        .prefetch_related(Prefetch("kits", queryset=Disbursement.objects.order_by("paid_on", "id")))
        .order_by("resident__full_name", "id")
    )


def enrollment_get(*, user, pk: int) -> Enrollment:
    queryset = Enrollment.objects.visible_to(user).select_related("course", "course__institution", "resident")
    return get_object_or_404(queryset, pk=pk)


def business_get(*, user, pk: int) -> Business:
    queryset = Business.objects.visible_to(user).select_related("institution", "resident", "group")
    return get_object_or_404(queryset, pk=pk)


def kube_groups_of(*, institution: Institution):
    return (
        KubeGroup.objects.filter(institution=institution)
        .select_related("region")
        .annotate(member_count=Count("members"))
        .order_by("name", "id")
    )


def kube_get(*, user, pk: int) -> KubeGroup:
    queryset = (
        KubeGroup.objects.visible_to(user)
        .select_related("institution", "region")
        .prefetch_related(
            Prefetch(
                "members", queryset=KubeMember.objects.select_related("resident").order_by("role", "id")
            ),
            Prefetch(
                "businesses",
                queryset=Business.objects.order_by("-started_on").prefetch_related(
                    Prefetch("visits", queryset=BusinessVisit.objects.order_by("visited_on", "id"))
                ),
            ),
            Prefetch(
                "disbursements",
                queryset=Disbursement.objects.select_related("line").order_by("paid_on", "id"),
            ),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def chargeable_lines(*, institution: Institution, year: int):
    """Lines ``institution`` may charge: its own and the province-wide ones, of ``year``
    and the year before (payments of last year are still being recorded early in a year)."""
    return (
        BudgetLine.objects.filter(
            Q(institution__isnull=True) | Q(institution=institution), fiscal_year__in=[year - 1, year]
        )
        .select_related("programme")
        .order_by("-fiscal_year", "code", "id")
    )
