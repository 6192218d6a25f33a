"""Case work in Chromium, as petugas: assess, plan, the head approves, a group session with
five residents, discharge as returned to family, the first follow-up visit; "Kasus saya"
changes as it should at each step."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.rehabilitation import services
from apps.rehabilitation.models import Attendance, FollowUpVisit, PlanVersion
from apps.residents.models import Case
from tests.conftest import login
from tests.factories import TEST_PASSWORD, InstitutionFactory, staff_of
from tests.residents.conftest import ResidentFactory, admit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def due_items(page):
    page.goto("/rehabilitation/my-cases/")
    rows = page.locator("[data-testid=due-item]")
    return [
        (rows.nth(i).get_attribute("data-kind"), rows.nth(i).get_attribute("data-status"))
        for i in range(rows.count())
    ]


def switch_user(page, username):
    page.goto("/rehabilitation/my-cases/")
    page.get_by_role("button", name="Keluar").click()
    login(page, username, TEST_PASSWORD)
    page.wait_for_url("**/")


def test_petugas_assess_plan_group_session_discharge_and_follow_up(browser_page):
    page = browser_page
    today = timezone.localdate()
    day = lambda n: (today - timedelta(days=n)).isoformat()  # noqa: E731
    jember = InstitutionFactory(code="UPT-JBR", name="UPT PSTW Jember", region_id="35.09", capacity=20)
    petugas = staff_of(jember, username="petugas")
    kepala = staff_of(jember, role="head", username="kepala")
    residents = [
        ResidentFactory(registered_at=jember, full_name=name)
        for name in ("Mbah Karto", "Mbah Sumi", "Mbah Darmo", "Mbah Painem", "Mbah Slamet")
    ]
    cases = [admit(r, jember, on=today - timedelta(days=60)).case for r in residents]
    case = cases[0]
    services.case_worker_assign(actor=kepala, case=case, worker=petugas)
    pk = residents[0].pk

    login(page, "petugas", TEST_PASSWORD)
    page.wait_for_url("**/")
    # Admitted 60 days ago, never assessed: the first assessment is overdue.
    assert due_items(page) == [("assessment", "overdue")]

    # Stage to asesmen, then the assessment with a score for each of the five domains.
    page.goto(f"/rehabilitation/residents/{pk}/")
    page.get_by_label("Pindah ke tahap").select_option("asesmen")
    page.fill("[name=stage-on]", day(58))
    page.get_by_role("button", name="Pindahkan").click()
    page.wait_for_selector("text=Tersimpan.")
    page.goto(f"/rehabilitation/residents/{pk}/assessment/")
    page.get_by_test_id("assess-inti").click()
    page.get_by_label("Tanggal asesmen").fill(day(57))
    for select in page.locator("select[name^=domain_]").all():
        select.select_option("2")
    page.get_by_role("button", name="Simpan asesmen").click()
    page.wait_for_selector("[data-testid=assessment-trend]")
    assert due_items(page) == []  # the reassessment is six months away

    # Stage to rencana intervensi; a plan whose review falls in five days; submit it.
    page.goto(f"/rehabilitation/residents/{pk}/")
    page.get_by_label("Pindah ke tahap").select_option("rencana_intervensi")
    page.fill("[name=stage-on]", day(56))
    page.get_by_role("button", name="Pindahkan").click()
    page.wait_for_selector("text=Tersimpan.")
    page.goto(f"/rehabilitation/residents/{pk}/plan/new/")
    page.fill("[name=review_on]", (today + timedelta(days=5)).isoformat())
    page.select_option("[name=goal_domain_0]", label="Fisik dan kesehatan")
    page.fill("[name=goal_text_0]", "Mandiri mandi dan makan")
    page.fill("[name=goal_target_0]", (today + timedelta(days=90)).isoformat())
    page.select_option("[name=svc_type_0]", label="Bimbingan fisik")
    page.select_option("[name=svc_responsible_0]", label=petugas.get_full_name())
    page.get_by_role("button", name="Simpan draf").click()
    page.get_by_test_id("plan-submit").click()
    page.wait_for_selector("text=Rencana diajukan ke kepala.")
    assert due_items(page) == []  # not approved yet: no review due

    # kepala approves.
    switch_user(page, "kepala")
    page.goto(f"/rehabilitation/residents/{pk}/plan/")
    page.get_by_test_id("plan-approve").click()
    page.wait_for_selector("text=Keputusan rencana tersimpan.")
    assert PlanVersion.objects.get(case=case).status == "approved"

    switch_user(page, "petugas")
    assert due_items(page) == [("plan_review", "due")]
    page.goto(f"/rehabilitation/residents/{pk}/")
    page.get_by_label("Pindah ke tahap").select_option("intervensi")
    page.fill("[name=stage-on]", day(50))
    page.get_by_role("button", name="Pindahkan").click()
    page.wait_for_selector("text=Tersimpan.")
    assert Case.objects.get(pk=case.pk).stage == "intervensi"

    # A group session 40 days ago: the check list redraws for that day; all five present.
    page.goto("/rehabilitation/institutions/UPT-JBR/activities/new/")
    page.fill("[name=title]", "Senam lansia")
    page.fill("[name=held_on]", day(40))
    page.dispatch_event("[name=held_on]", "change")
    page.wait_for_selector("text=PM yang hadir (5)")
    # fill() may fire a change of its own: wait until every redraw of the list has landed, or
    # a late one would wipe the boxes ticked below.
    page.wait_for_load_state("networkidle")
    page.get_by_label("Jenis layanan").select_option(label="Bimbingan fisik")
    page.get_by_label("Fasilitator").select_option(label=petugas.get_full_name())
    page.get_by_label("Durasi (menit)").fill("60")
    for resident in residents:
        page.get_by_label(resident.full_name).check()
    page.get_by_role("button", name="Simpan kegiatan").click()
    page.wait_for_selector("text=Kegiatan dan kehadiran tercatat.")
    assert Attendance.objects.filter(present=True).count() == 5

    # Discharge 35 days ago as returned to family (the residents' form): the first visit,
    # due a month after closing, is now overdue and the plan review is gone.
    page.goto(f"/residents/{pk}/discharge/")
    page.get_by_label("Tanggal terminasi").fill(day(35))
    page.get_by_label("Alasan terminasi").select_option("returned_to_family")
    page.get_by_role("button", name="Terminasi").click()
    page.get_by_test_id("confirm-discharge").click()
    page.wait_for_selector("text=Kasus ditutup dan PM keluar.")
    assert due_items(page) == [("follow_up", "overdue")]

    # The first follow-up visit answers the one-month interval.
    page.goto(f"/rehabilitation/residents/{pk}/followup/")
    page.select_option("[name=months]", "1")
    page.get_by_label("Tanggal kunjungan").fill(day(2))
    page.get_by_label("Hasil").select_option("doing_well")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_selector("text=Kunjungan tercatat.")
    visit = FollowUpVisit.objects.get()
    assert (visit.case_id, visit.months, visit.created_by_id) == (case.pk, 1, petugas.pk)
    assert due_items(page) == []
