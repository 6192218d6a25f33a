"""A PM's track from course to business: what the resident file shows."""

from dataclasses import dataclass

from django.db.models import Prefetch

from ..models import (
    Business,
    BusinessVisit,
    Disbursement,
    Enrollment,
    KubeMember,
    ReadinessAssessment,
    ReadinessScore,
)


@dataclass(frozen=True)
class Track:
    enrollments: list
    assessments: list
    businesses: list
    memberships: list
    disbursements: list

    @property
    def is_empty(self) -> bool:
        return not (self.enrollments or self.assessments or self.businesses or self.memberships)

    @property
    def latest_assessment(self):
        return self.assessments[0] if self.assessments else None


def resident_track(resident) -> Track:
    """Courses (with certificate and kits), readiness assessments, businesses with their
    visits, KUBE memberships and payments of one resident (six queries, whatever the count).

    The caller has fetched ``resident`` through a scoped getter."""
    enrollments = list(
        Enrollment.objects.filter(resident=resident)
        .select_related("course", "course__course_type", "course__institution", "certificate")
        .prefetch_related(Prefetch("kits", queryset=Disbursement.objects.order_by("paid_on", "id")))
        .order_by("enrolled_on", "id")
    )
    assessments = list(
        ReadinessAssessment.objects.filter(resident=resident)
        .select_related("approved_by", "institution")
        .prefetch_related(Prefetch("scores", queryset=ReadinessScore.objects.select_related("criterion")))
        .order_by("-assessed_on", "-id")
    )
    businesses = list(
        Business.objects.filter(resident=resident)
        .select_related("institution", "region")
        .prefetch_related(Prefetch("visits", queryset=BusinessVisit.objects.order_by("visited_on", "id")))
        .order_by("started_on", "id")
    )
    memberships = list(
        KubeMember.objects.filter(resident=resident)
        .select_related("group", "group__institution")
        .order_by("id")
    )
    disbursements = list(
        Disbursement.objects.filter(resident=resident)
        .select_related("line", "line__programme")
        .order_by("paid_on", "id")
    )
    return Track(enrollments, assessments, businesses, memberships, disbursements)
