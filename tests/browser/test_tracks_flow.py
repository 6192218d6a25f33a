"""A PM's track in Chromium: course, certificate, readiness, discharge as independent,
start-up grant, two follow-up visits, and the programme page's realisation and survival."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.residents.models import Case
from apps.tracks.figures import add_months
from apps.tracks.models import BudgetLine, Business, Course, CourseType, Programme, ReadinessCriterion
from tests.conftest import login
from tests.factories import TEST_PASSWORD, InstitutionFactory, staff_of
from tests.residents.conftest import ResidentFactory, admit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_course_to_business_and_the_programme_page(browser_page):
    page = browser_page
    today = timezone.localdate()
    jember = InstitutionFactory(code="UPT-JBR", name="UPT PSTW Jember", region_id="35.09", capacity=20)
    staff_of(jember, username="petugas_jember")
    staff_of(jember, role="head", username="kepala_jember")
    person = ResidentFactory(
        registered_at=jember, full_name="Slamet Riyadi", registration_no="UPT-JBR-2025-00042"
    )
    admit(person, jember, on=today - timedelta(days=300))
    course = Course.objects.create(
        institution=jember, course_type=CourseType.objects.get(code="las"), title="Las listrik dasar",
        trainer="Pak Joko", starts_on=today - timedelta(days=280), ends_on=today - timedelta(days=220),
        planned_hours=48,
    )  # fmt: skip
    line = BudgetLine.objects.create(
        fiscal_year=today.year, code="5.1.02.01.01.0004",
        programme=Programme.objects.get(code="kewirausahaan"),
        institution=jember, name="Kewirausahaan sosial eks-PM", allocation=10_000_000,
    )  # fmt: skip

    login(page, "petugas_jember", TEST_PASSWORD)
    page.wait_for_url("**/")

    # Enrol, complete with 46 hours, certify.
    page.goto(f"/tracks/courses/{course.pk}/")
    page.get_by_label("Nomor registrasi PM").fill("upt-jbr-2025-00042")
    page.get_by_label("Tanggal daftar").fill(course.starts_on.isoformat())
    page.get_by_role("button", name="Daftarkan").click()
    page.wait_for_selector("text=PM terdaftar di pelatihan.")
    page.get_by_label("Tanggal lulus").fill(course.ends_on.isoformat())
    page.get_by_label("Jam hadir").fill("46")
    page.get_by_role("button", name="Lulus").click()
    page.wait_for_selector("text=Pelatihan ditandai lulus.")
    page.get_by_label("Penerbit").fill("LSP Las Jawa Timur")
    page.get_by_label("Nomor sertifikat").fill("LAS-2025-0042")
    page.get_by_label("Tanggal terbit").fill((course.ends_on + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Sertifikat").click()
    page.wait_for_selector("text=Sertifikat tersimpan.")
    assert "LSP Las Jawa Timur LAS-2025-0042" in page.inner_text("[data-testid=enrollments]")

    # Readiness: every criterion scored 4, proposed ready.
    page.goto(f"/tracks/residents/{person.pk}/readiness/")
    page.get_by_label("Tanggal penilaian").fill((today - timedelta(days=210)).isoformat())
    for criterion in ReadinessCriterion.objects.filter(is_active=True):
        page.select_option(f"select[name=c{criterion.pk}]", "4")
    page.get_by_label("Usulan hasil").select_option("ready")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_selector("text=menunggu persetujuan kepala")

    # The head approves it.
    page.get_by_role("button", name="Keluar").click()
    login(page, "kepala_jember", TEST_PASSWORD)
    page.wait_for_url("**/")
    page.goto(f"/tracks/residents/{person.pk}/")
    page.get_by_role("button", name="Setujui").click()
    page.wait_for_selector("text=Hasil penilaian kesiapan disetujui.")
    assert "Siap terminasi (mandiri)" in page.inner_text("[data-testid=track-readiness]")

    # Discharged as independent.
    discharged_on = today - timedelta(days=200)
    page.goto(f"/residents/{person.pk}/discharge/")
    page.get_by_label("Tanggal terminasi").fill(discharged_on.isoformat())
    page.get_by_label("Alasan terminasi").select_option("independent")
    page.get_by_role("button", name="Terminasi").click()
    page.get_by_test_id("confirm-discharge").click()
    page.wait_for_selector("text=Kasus ditutup dan PM keluar.")
    assert Case.objects.get(resident=person).termination_reason == "independent"

    # A start-up grant for a business started ten days after discharge.
    started_on = discharged_on + timedelta(days=10)
    paid_on = max(started_on, date(today.year, 1, 1))
    page.goto(f"/tracks/residents/{person.pk}/grant/")
    page.get_by_label("Mata anggaran").select_option(str(line.pk))
    page.get_by_label("Nilai bantuan (Rp)").fill("2500000")
    page.get_by_label("Tanggal penyaluran").fill(paid_on.isoformat())
    page.get_by_label("Jenis usaha").fill("Bengkel las")
    page.get_by_label("Tanggal mulai usaha").fill(started_on.isoformat())
    page.get_by_label("Pendapatan awal per bulan (Rp)").fill("300000")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_selector("text=Bantuan modal usaha tercatat.")
    business = Business.objects.get(resident=person)

    # Two follow-up visits: after the 3-month and after the 6-month mark.
    for visited_on, status, income in (
        (add_months(started_on, 3) + timedelta(days=1), "running", "900000"),
        (add_months(started_on, 6) + timedelta(days=1), "growing", "1400000"),
    ):
        page.goto(f"/tracks/businesses/{business.pk}/visit/")
        page.get_by_label("Tanggal kunjungan").fill(visited_on.isoformat())
        page.get_by_label("Status usaha").select_option(status)
        page.get_by_label("Omzet per bulan (Rp)").fill("4000000")
        page.get_by_label("Pendapatan per bulan (Rp)").fill(income)
        page.get_by_role("button", name="Simpan").click()
        page.wait_for_selector("text=Kunjungan tercatat.")
    assert page.locator("[data-testid=track-business] li").count() == 2

    # The programme page: 2.500.000 of 10.000.000 is 25,0 %; both marks passed, both survived.
    page.goto(f"/tracks/institution/{jember.code}/?year={today.year}")
    row = page.get_by_test_id(f"line-{line.code}")
    assert row.get_by_test_id("realisation").inner_text() == "25,0"
    assert "Rp 2.500.000" in row.inner_text()
    for months in (3, 6):
        survival = page.get_by_test_id(f"survival-{months}")
        assert survival.get_by_test_id("survival-pct").inner_text() == "100,0"
    assert "Rp 1.100.000" in page.inner_text("[data-testid=outcomes]")  # 1.400.000 - 300.000
