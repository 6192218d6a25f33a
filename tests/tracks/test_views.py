"""The programme pages, the resident track page, and their scope (404 elsewhere)."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.tracks.models import (
    Certificate,
    Course,
    CourseType,
    Disbursement,
    Enrollment,
    KubeGroup,
    KubeMember,
)

from .conftest import ResidentFactory, admit, make_business, make_line, visit

pytestmark = pytest.mark.django_db

Y = "?year=2025"


def url(name, *args, query=Y):
    return reverse(f"tracks:{name}", args=args) + query


def add_programme_rows(institution, n, start=0):
    """``n`` lines, each with a paid PM whose business has two visits; a course with an
    enrolment and certificate; a KUBE."""
    course_type = CourseType.objects.get(code="menjahit")
    for i in range(start, start + n):
        line = make_line(code=f"5.1.{i:02d}", institution=institution, allocation=12_000_000)
        person = ResidentFactory(registered_at=institution)
        admit(person, institution)
        business = make_business(person, institution, date(2025, 1, 31), baseline_income=100_000)
        Disbursement.objects.create(
            line=line, institution=institution, kind="grant", amount=5_000_000, paid_on=date(2025, 1, 31),
            resident=person, business=business,
        )  # fmt: skip
        visit(business, date(2025, 4, 30), "running", income=400_000)
        visit(business, date(2025, 8, 1), "growing", income=600_000)
        course = Course.objects.create(
            institution=institution, course_type=course_type, title=f"Menjahit {i}", trainer="Bu Sri",
            starts_on=date(2025, 2, 1), ends_on=date(2025, 5, 1), planned_hours=60,
        )  # fmt: skip
        enrollment = Enrollment.objects.create(
            course=course,
            resident=person,
            enrolled_on=date(2025, 2, 1),
            hours_attended=58,
            completed_on=date(2025, 5, 1),
        )
        Certificate.objects.create(
            enrollment=enrollment, issuer="LSP", number=f"N-{i}", issued_on=date(2025, 5, 2)
        )
        group = KubeGroup.objects.create(
            name=f"KUBE {i}",
            business_type="Jahit",
            region_id="35.09",
            institution=institution,
            formed_on=date(2025, 1, 2),
        )
        KubeMember.objects.create(group=group, resident=person, role="leader")


# --- scope ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["institution", "institution_export", "course_create", "kube_create"])
def test_staff_of_another_institution_get_404(client, staff_tuban, jember, name):
    client.force_login(staff_tuban)
    assert client.get(url(name, jember.code)).status_code == 404


def test_region_pages_are_for_supervisors_of_the_region_and_administrators(
    client, jember, staff_jember, supervisor_jatim, admin_user
):
    client.force_login(staff_jember)
    assert client.get(url("region", "35")).status_code == 404
    client.force_login(supervisor_jatim)
    assert client.get(url("region", "35")).status_code == 200
    assert client.get(url("region", "33")).status_code == 404
    assert client.get(url("region_export", "33")).status_code == 404
    client.force_login(admin_user)
    assert client.get(url("region", "33")).status_code == 200


def test_records_of_another_institution_answer_404(client, staff_tuban, jember):
    add_programme_rows(jember, 1)
    client.force_login(staff_tuban)
    person = Enrollment.objects.get().resident
    business = person and Disbursement.objects.get().business
    for name, pk in [
        ("resident", person.pk),
        ("grant", person.pk),
        ("readiness", person.pk),
        ("course", Course.objects.get().pk),
        ("kit", Enrollment.objects.get().pk),
        ("visit", business.pk),
        ("kube", KubeGroup.objects.get().pk),
    ]:
        assert client.get(url(name, pk, query="")).status_code == 404, name
    assert client.post(url("enrollment_complete", Enrollment.objects.get().pk, query="")).status_code == 404


def test_anonymous_users_are_sent_to_login(client, jember):
    response = client.get(url("institution", jember.code))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- the programme page ------------------------------------------------------------------------------


def test_institution_page_shows_realisation_beneficiaries_and_survival(
    client, staff_jember, jember, monkeypatch
):
    add_programme_rows(jember, 2)
    client.force_login(staff_jember)
    page = client.get(url("institution", jember.code)).content.decode()
    assert "Rp 12.000.000" in page and "Rp 5.000.000" in page
    assert ">41,7<" in page  # 5,000,000 / 12,000,000
    assert "Menjahit 0" in page and "KUBE 1" in page
    # Median income change: 600,000 - 100,000.
    assert "Rp 500.000" in page


def test_institution_page_query_count_does_not_grow_with_rows(
    client, staff_jember, jember, django_assert_num_queries
):
    add_programme_rows(jember, 2)
    client.force_login(staff_jember)
    with django_assert_num_queries(22):
        client.get(url("institution", jember.code))
    add_programme_rows(jember, 3, start=2)
    with django_assert_num_queries(22):
        client.get(url("institution", jember.code))


def test_region_page_query_count_does_not_grow_with_rows(
    client, supervisor_jatim, jember, tuban, django_assert_num_queries
):
    add_programme_rows(jember, 2)
    client.force_login(supervisor_jatim)
    with django_assert_num_queries(18):
        client.get(url("region", "35"))
    add_programme_rows(tuban, 3, start=2)
    with django_assert_num_queries(18):
        response = client.get(url("region", "35"))
    assert response.content.decode().count('data-testid="line-') == 5


def test_the_workbook_has_the_lines_and_the_survival(client, staff_jember, jember):
    add_programme_rows(jember, 1)
    client.force_login(staff_jember)
    response = client.get(url("institution_export", jember.code))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Anggaran"].iter_rows(values_only=True))
    assert rows[3][:8] == (
        "5.1.00",
        "kewirausahaan",
        "UPT-JBR",
        "Belanja kewirausahaan",
        12_000_000,
        5_000_000,
        41.7,
        1,
    )
    survival = list(workbook["Capaian"].iter_rows(values_only=True))
    assert (3, 1, 1, 1, 100.0) in survival


# --- the resident track ---------------------------------------------------------------------------------


def test_resident_track_shows_course_certificate_business_and_visits(
    client, staff_jember, jember, django_assert_num_queries
):
    add_programme_rows(jember, 1)
    person = Enrollment.objects.get().resident
    client.force_login(staff_jember)
    with django_assert_num_queries(18):
        page = client.get(url("resident", person.pk, query="")).content.decode()
    assert "Menjahit 0" in page and "LSP N-0" in page
    assert "Warung" in page and "Berkembang" in page
    assert "KUBE 0" in page


def test_supervisors_read_the_track_without_the_recording_buttons(
    client, supervisor_jatim, staff_jember, jember
):
    add_programme_rows(jember, 1)
    person = Enrollment.objects.get().resident
    client.force_login(supervisor_jatim)
    page = client.get(url("resident", person.pk, query="")).content.decode()
    assert "Menjahit 0" in page and "Catat kunjungan" not in page
    client.force_login(staff_jember)
    assert "Catat kunjungan" in client.get(url("resident", person.pk, query="")).content.decode()


def test_institution_page_shows_what_it_paid_from_province_lines(client, staff_jember, jember, tuban, pm):
    province = make_line(code="PROV.1", institution=None)
    Disbursement.objects.create(
        line=province, institution=jember, kind="aid", amount=750_000, paid_on=date(2025, 3, 1), resident=pm
    )
    Disbursement.objects.create(
        line=province, institution=tuban, kind="aid", amount=999_000, paid_on=date(2025, 3, 1),
        resident=ResidentFactory(registered_at=tuban),
    )  # fmt: skip
    client.force_login(staff_jember)
    page = client.get(url("institution", jember.code)).content.decode()
    table = page[page.index('data-testid="province-paid"') :]
    assert "PROV.1" in table and "Rp 750.000" in table and "Rp 999.000" not in table
