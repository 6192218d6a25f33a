"""A PM's path through the pages, in Chromium: register, admit, refer and transfer, discharge."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.residents.models import Case, Placement, Resident
from tests.conftest import login
from tests.factories import TEST_PASSWORD, InstitutionFactory, staff_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_register_admit_transfer_and_discharge_a_resident(browser_page):
    page = browser_page
    jember = InstitutionFactory(code="UPT-JBR", name="UPT PSTW Jember", region_id="35.09", capacity=20)
    tuban = InstitutionFactory(code="UPT-TBN", name="UPT PSBG Tuban", region_id="35.23", capacity=20)
    staff_of(jember, username="petugas_jember")
    staff_of(tuban, username="petugas_tuban")
    today = timezone.localdate()

    login(page, "petugas_jember", TEST_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/residents/")
    page.get_by_test_id("register-link").click()
    page.wait_for_url("**/residents/register/")

    # Registration: identity only, the rest may follow later.
    page.get_by_label("Nama lengkap").fill("Mbah Karto Wiryo")
    page.get_by_label("Jenis kelamin").select_option("L")
    page.get_by_label("Tanggal lahir", exact=True).fill("1948-05-20")
    page.get_by_label("Kategori PPKS").select_option(label="LUT — Lanjut Usia Terlantar")
    page.get_by_role("button", name="Daftarkan").click()
    page.wait_for_selector("[data-testid=resident-name]")
    assert page.inner_text("[data-testid=resident-name]").startswith("Mbah Karto Wiryo")
    resident = Resident.objects.get()
    assert f"/residents/{resident.pk}/" in page.url  # a number in the URL, never a name

    # Admission ten days ago.
    page.get_by_test_id("admit-link").click()
    assert "terisi 0 dari 20" in page.inner_text("select[name=institution]")
    page.get_by_label("Tanggal masuk").fill((today - timedelta(days=10)).isoformat())
    page.get_by_label("Sumber rujukan").select_option("razia")
    page.get_by_label("Kamar/wisma").fill("Melati 3")
    page.get_by_label("Rencana tanggal keluar").fill((today + timedelta(days=80)).isoformat())
    page.get_by_role("button", name="Terima").click()
    page.wait_for_selector("[data-testid=current-institution]")
    assert resident.placements.get().planned_discharge_on == today + timedelta(days=80)
    assert page.inner_text("[data-testid=current-institution]") == "UPT PSTW Jember"

    # A referral to Tuban (which does not serve elderly PM: behind "show all"), proposed for
    # five days ago; Tuban's staff accept it from their queue and the PM moves.
    moved_on = today - timedelta(days=5)
    page.get_by_test_id("refer-link").click()
    page.get_by_test_id("show-all-institutions").click()
    page.wait_for_selector("[data-testid=all-institutions-warning]")
    page.get_by_label("Lembaga tujuan").select_option(str(tuban.pk))
    page.get_by_label("Tanggal pindah yang diusulkan").fill(moved_on.isoformat())
    page.get_by_label("Nomor surat rujukan").fill("460/5/2026")
    page.get_by_label("Alasan rujukan").fill("Perlu layanan bina grahita.")
    page.get_by_role("button", name="Ajukan rujukan").click()
    page.wait_for_selector("[data-testid=referral-status]")
    page.get_by_role("button", name="Keluar").click()
    login(page, "petugas_tuban", TEST_PASSWORD)
    page.wait_for_url("**/")
    page.get_by_test_id("incoming-referrals").get_by_role("link", name="Mbah Karto Wiryo").click()
    page.get_by_test_id("referral-accept-link").click()
    page.get_by_role("button", name="Terima dan pindahkan").click()
    page.wait_for_selector("text=Rujukan diterima; PM dipindahkan.")
    page.goto(f"/residents/{resident.pk}/")
    assert page.inner_text("[data-testid=current-institution]") == "UPT PSBG Tuban"
    assert "Pindah dari UPT PSTW Jember ke UPT PSBG Tuban" in page.inner_text("[data-testid=timeline]")

    # The receiving institution now holds the case: its staff terminate it.
    page.get_by_test_id("discharge-link").click()
    page.get_by_role("button", name="Terminasi").click()  # without a reason
    assert "Pilih alasan terminasi." in page.inner_text("main")
    page.get_by_label("Alasan terminasi").select_option("returned_to_family")
    page.get_by_label("Catatan").fill("Dijemput anaknya.")
    page.get_by_role("button", name="Terminasi").click()
    # The confirmation repeats what will be written; nothing is written before "Ya, terminasi".
    assert "Kembali ke keluarga" in page.inner_text("[data-testid=confirm-reason]")
    assert Case.objects.get(resident=resident).closed_on is None
    page.get_by_test_id("confirm-discharge").click()
    page.wait_for_selector("text=Kasus ditutup dan PM keluar.")
    assert "Tidak sedang ditempatkan" in page.inner_text("[data-testid=current-institution]")

    case = Case.objects.get(resident=resident)
    assert (case.closed_on, case.termination_reason) == (today, "returned_to_family")
    first, second = Placement.objects.filter(resident=resident).order_by("id")
    assert (first.institution_id, first.end) == (jember.pk, moved_on)
    assert (second.institution_id, second.start, second.end) == (tuban.pk, moved_on, today)
    # The timeline still says where the case opened and the room it was made with.
    timeline = page.inner_text("[data-testid=timeline]")
    assert "Kasus dibuka — UPT PSTW Jember" in timeline
    assert "Masuk UPT PSTW Jember — kamar Melati 3" in timeline
    assert "Keluar dari UPT PSBG Tuban — Terminasi: Kembali ke keluarga — Dijemput anaknya." in timeline
