"""Staff record the track through the pages: course, enrolment, completion, certificate,
starter kit, grant, visit, KUBE, readiness."""

from datetime import date

import pytest
from django.urls import reverse

from apps.tracks.models import (
    Business,
    BusinessVisit,
    Certificate,
    Course,
    CourseType,
    Disbursement,
    Enrollment,
    KubeGroup,
    ReadinessAssessment,
    ReadinessCriterion,
)

from .conftest import make_line

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def late_2025(monkeypatch):
    """Today is 1 December 2025, so the 2025 lines are the ones the forms offer, whatever the clock says."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2025, 12, 1))


def url(name, *args):
    return reverse(f"tracks:{name}", args=args)


@pytest.fixture
def course(jember):
    return Course.objects.create(
        institution=jember,
        course_type=CourseType.objects.get(code="las"),
        title="Las dasar",
        trainer="Pak Joko",
        starts_on=date(2025, 2, 1),
        ends_on=date(2025, 4, 30),
        planned_hours=40,
    )


def test_a_course_is_created_and_a_pm_enrolled_completed_and_certified(client, staff_jember, jember, pm):
    client.force_login(staff_jember)
    response = client.post(
        url("course_create", jember.code),
        {
            "course_type": CourseType.objects.get(code="las").pk,
            "title": "Las dasar",
            "trainer": "Pak Joko",
            "schedule": "Senin",
            "starts_on": "2025-02-01",
            "ends_on": "2025-04-30",
            "planned_hours": 40,
        },
    )
    course = Course.objects.get()
    assert response.status_code == 302 and response["Location"] == url("course", course.pk)
    client.post(
        url("course", course.pk),
        {"enroll-registration_no": pm.registration_no.lower(), "enroll-enrolled_on": "2025-02-01"},
    )
    enrollment = Enrollment.objects.get()
    client.post(
        url("enrollment_complete", enrollment.pk),
        {"complete-completed_on": "2025-04-30", "complete-hours_attended": 38},
    )
    client.post(
        url("certificate", enrollment.pk),
        {
            "certificate-issuer": "LSP Las",
            "certificate-number": "LAS-001",
            "certificate-issued_on": "2025-05-02",
        },
    )
    enrollment.refresh_from_db()
    assert (enrollment.completed_on, enrollment.hours_attended) == (date(2025, 4, 30), 38)
    assert Certificate.objects.get().number == "LAS-001"
    page = client.get(url("course", course.pk)).content.decode()
    assert "LSP Las LAS-001" in page


def test_a_pm_of_another_institution_cannot_be_enrolled(client, staff_jember, course, tuban):
    from .conftest import ResidentFactory

    other = ResidentFactory(registered_at=tuban)
    client.force_login(staff_jember)
    response = client.post(
        url("course", course.pk),
        {"enroll-registration_no": other.registration_no, "enroll-enrolled_on": "2025-02-01"},
    )
    assert response.status_code == 200
    assert not Enrollment.objects.exists()


def test_a_starter_kit_is_charged_to_a_line(client, staff_jember, jember, course, pm):
    enrollment = Enrollment.objects.create(course=course, resident=pm, enrolled_on=date(2025, 2, 1))
    line = make_line(code="KIT.1", programme_code="kemandirian", institution=jember)
    client.force_login(staff_jember)
    response = client.post(
        url("kit", enrollment.pk),
        {"line": line.pk, "items": "Mesin las, helm", "amount": 1_750_000, "paid_on": "2025-05-01"},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    kit = Disbursement.objects.get()
    assert (kit.kind, kit.form, kit.enrollment, kit.amount) == ("kit", "in_kind", enrollment, 1_750_000)


def test_a_grant_and_two_visits_from_the_pages(client, staff_jember, jember, pm):
    line = make_line(code="UEP.1", institution=None, allocation=3_000_000)
    client.force_login(staff_jember)
    response = client.post(
        url("grant", pm.pk),
        {
            "line": line.pk,
            "amount": 2_000_000,
            "paid_on": "2025-03-01",
            "form": "cash",
            "items": "",
            "business_type": "Warung kopi",
            "started_on": "2025-03-01",
            "baseline_income": 200_000,
            "region_code": "35.09",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    business = Business.objects.get()
    assert business.region_id == "35.09"
    for day, status in (("2025-06-02", "running"), ("2025-09-02", "growing")):
        response = client.post(
            url("visit", business.pk),
            {"visited_on": day, "status": status, "monthly_revenue": 3_000_000, "monthly_income": 900_000},
        )
        assert response.status_code == 302
    assert BusinessVisit.objects.count() == 2
    line.refresh_from_db()
    assert line.disbursed == 2_000_000
    # Over what remains: refused on the form, nothing paid.
    response = client.post(
        url("grant", pm.pk),
        {
            "line": line.pk,
            "amount": 1_000_001,
            "paid_on": "2025-04-01",
            "form": "cash",
            "business_type": "Warung kopi",
            "started_on": "2025-03-01",
            "baseline_income": 200_000,
        },
    )
    assert "Melebihi pagu" in response.content.decode()
    assert Disbursement.objects.count() == 1


def test_a_kube_with_members(client, staff_jember, jember, pm):
    client.force_login(staff_jember)
    response = client.post(
        url("kube_create", jember.code),
        {
            "name": "KUBE Melati",
            "business_type": "Kerupuk",
            "region_code": "35.09",
            "formed_on": "2025-01-05",
        },
    )
    group = KubeGroup.objects.get()
    assert response["Location"] == url("kube", group.pk)
    client.post(url("kube", group.pk), {"registration_no": pm.registration_no, "role": "leader"})
    assert group.members.get().role == "leader"


def test_readiness_is_scored_by_staff_and_approved_by_the_head(client, staff_jember, head_jember, pm):
    data = {"assessed_on": "2025-06-01", "outcome": "ready", "note": ""}
    data |= {f"c{c.pk}": 4 for c in ReadinessCriterion.objects.all()}
    client.force_login(staff_jember)
    assert client.post(url("readiness", pm.pk), data).status_code == 302
    assessment = ReadinessAssessment.objects.get()
    assert client.post(url("readiness_approve", assessment.pk)).status_code == 403
    client.force_login(head_jember)
    client.post(url("readiness_approve", assessment.pk))
    assessment.refresh_from_db()
    assert assessment.approved_by == head_jember
    page = client.get(url("resident", pm.pk)).content.decode()
    assert "Siap terminasi (mandiri)" in page
