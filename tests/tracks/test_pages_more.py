"""Query counts and scope of the course, KUBE, overview and import pages."""

from datetime import date

import pytest
from django.urls import reverse

from apps.tracks import services
from apps.tracks.models import Course, Enrollment, KubeGroup, ReadinessAssessment, ReadinessCriterion
from tests.factories import staff_of

from .conftest import ResidentFactory, admit
from .test_views import add_programme_rows

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"tracks:{name}", args=args)


def _more_participants(course, n):
    for _ in range(n):
        person = ResidentFactory(registered_at=course.institution)
        admit(person, course.institution)
        Enrollment.objects.create(course=course, resident=person, enrolled_on=date(2025, 2, 1))


def test_course_page_query_count(client, staff_jember, jember, django_assert_num_queries):
    add_programme_rows(jember, 1)
    course = Course.objects.get()
    client.force_login(staff_jember)
    with django_assert_num_queries(12):
        client.get(url("course", course.pk))
    _more_participants(course, 4)
    with django_assert_num_queries(12):
        response = client.get(url("course", course.pk))
    assert response.content.decode().count('data-testid="enrollment-') == 5


def test_kube_page_query_count(client, staff_jember, jember, django_assert_num_queries):
    add_programme_rows(jember, 1)
    group = KubeGroup.objects.get()
    client.force_login(staff_jember)
    with django_assert_num_queries(13):
        client.get(url("kube", group.pk))
    for _ in range(4):
        group.members.create(resident=ResidentFactory(registered_at=jember))
    with django_assert_num_queries(13):
        client.get(url("kube", group.pk))


def test_overview_lists_what_the_user_reads(
    client, supervisor_jatim, jember, tuban, semarang, django_assert_num_queries
):
    client.force_login(supervisor_jatim)
    with django_assert_num_queries(9):
        page = client.get(url("overview")).content.decode()
    assert "UPT PSTW Jember" in page and "UPT PSBG Tuban" in page and "Panti Semarang" not in page


def test_readiness_of_another_institution_cannot_be_approved(client, staff_jember, jember, pm, tuban):
    assessment = services.readiness_assess(
        actor=staff_jember, resident=pm, institution=jember, assessed_on=date(2025, 6, 1),
        scores={c.pk: 4 for c in ReadinessCriterion.objects.all()}, outcome="ready",
    )  # fmt: skip
    client.force_login(staff_of(tuban, role="head", username="kepala_tuban"))
    assert client.post(url("readiness_approve", assessment.pk)).status_code == 404
    assert not ReadinessAssessment.objects.get().is_approved


def test_budget_lines_import_page_is_for_administrators(client, staff_jember, admin_user):
    client.force_login(staff_jember)
    assert client.get(url("import", "budget-lines")).status_code == 403
    assert client.get(url("import", "grants")).status_code == 200
    assert client.get(url("import_template", "visits")).status_code == 200
    assert client.get(url("import", "nope")).status_code == 404
    client.force_login(admin_user)
    response = client.get(url("import_template", "budget-lines"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
