"""Referrals in Chromium: proposed by the sender, accepted from the receiver's queue; into a full
institution, an over-capacity request that the receiving head approves."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.residents.models import OverCapacityRequest, Placement, Referral
from tests.conftest import login
from tests.factories import TEST_PASSWORD, InstitutionFactory, category, staff_of
from tests.residents.conftest import ResidentFactory, admit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def setting(receiver_capacity: int):
    """Jember (Kabupaten Jember) holding Mbah Karto since 40 days, and a PSTW in Kabupaten
    Bondowoso serving elderly PM, with their staff (and Bondowoso's head)."""
    today = timezone.localdate()
    elderly = category("LUT")
    jember = InstitutionFactory(code="UPT-JBR", name="UPT PSTW Jember", region_id="35.09", capacity=20)
    bondowoso = InstitutionFactory(
        code="UPT-BDW", name="UPT PSTW Bondowoso", region_id="35.11", capacity=receiver_capacity
    )
    for institution in (jember, bondowoso):
        institution.categories.add(elderly)
    staff_of(jember, username="petugas_jember")
    staff_of(bondowoso, username="petugas_bdw")
    staff_of(bondowoso, username="kepala_bdw", role="head")
    resident = ResidentFactory(registered_at=jember, full_name="Mbah Karto Wiryo", welfare_category=elderly)
    admit(resident, jember, on=today - timedelta(days=40))
    return resident, jember, bondowoso, today


def logout(page):
    page.get_by_role("button", name="Keluar").click()


def propose(page, resident, bondowoso, on):
    login(page, "petugas_jember", TEST_PASSWORD)
    page.wait_for_url("**/")
    page.goto(f"/residents/{resident.pk}/")
    page.get_by_test_id("refer-link").click()
    select = page.get_by_label("Lembaga tujuan")
    assert "Kabupaten Bondowoso" in page.inner_html("select[name=to_institution]")  # the <optgroup>
    select.select_option(str(bondowoso.pk))
    page.get_by_label("Tanggal pindah yang diusulkan").fill(on.isoformat())
    page.get_by_label("Nomor surat rujukan").fill("460/77/2026")
    page.get_by_label("Alasan rujukan").fill("Keluarga pindah ke Bondowoso.")
    page.get_by_role("button", name="Ajukan rujukan").click()
    page.wait_for_selector("[data-testid=referral-status]")
    assert page.inner_text("[data-testid=referral-status]") == "Menunggu jawaban"
    logout(page)


def open_from_queue(page, username):
    login(page, username, TEST_PASSWORD)
    page.wait_for_url("**/")
    queue = page.get_by_test_id("incoming-referrals")
    assert "Mbah Karto Wiryo" in queue.inner_text()
    queue.get_by_role("link", name="Mbah Karto Wiryo").click()
    page.wait_for_selector("[data-testid=referral-status]")


def test_a_referral_is_proposed_seen_in_the_receivers_queue_and_accepted(browser_page):
    page = browser_page
    resident, jember, bondowoso, today = setting(receiver_capacity=20)
    moved_on = today - timedelta(days=3)

    propose(page, resident, bondowoso, moved_on)
    assert Placement.objects.get(resident=resident).institution == jember  # still at the sender

    open_from_queue(page, "petugas_bdw")
    page.get_by_test_id("referral-accept-link").click()
    assert page.get_by_label("Tanggal pindah").input_value() == moved_on.isoformat()
    page.get_by_label("Kamar/wisma").fill("Wisma Kenanga")
    page.get_by_role("button", name="Terima dan pindahkan").click()
    page.wait_for_selector("text=Rujukan diterima; PM dipindahkan.")
    steps = page.inner_text("[data-testid=referral-steps]")
    assert "Rujukan ke UPT PSTW Bondowoso diajukan" in steps
    assert "Rujukan diterima UPT PSTW Bondowoso" in steps

    page.goto(f"/residents/{resident.pk}/")
    assert page.inner_text("[data-testid=current-institution]") == "UPT PSTW Bondowoso"
    assert "Pindah dari UPT PSTW Jember ke UPT PSTW Bondowoso" in page.inner_text("[data-testid=timeline]")
    new = Placement.objects.get(resident=resident, period__upper_inf=True)
    assert (new.institution_id, new.start, new.room) == (bondowoso.pk, moved_on, "Wisma Kenanga")


def test_a_referral_into_a_full_institution_becomes_a_request_the_head_approves(browser_page):
    page = browser_page
    resident, jember, bondowoso, today = setting(receiver_capacity=1)
    admit(ResidentFactory(registered_at=bondowoso), bondowoso, on=today - timedelta(days=100))  # full

    propose(page, resident, bondowoso, today - timedelta(days=1))

    open_from_queue(page, "petugas_bdw")
    page.get_by_test_id("referral-accept-link").click()
    page.get_by_role("button", name="Terima dan pindahkan").click()
    page.wait_for_selector("[data-testid=capacity-request]")
    assert "sudah penuh" in page.inner_text("[data-testid=form-errors]")
    page.get_by_label("Alasan permintaan kepada kepala lembaga").fill(
        "Keluarga satu-satunya tinggal di sini."
    )
    page.get_by_role("button", name="Kirim permintaan ke kepala lembaga").click()
    page.wait_for_selector("text=Permintaan dikirim ke kepala lembaga")
    assert "menunggu keputusan kepala" in page.inner_text("[data-testid=referral-pending-request]").lower()
    logout(page)

    login(page, "kepala_bdw", TEST_PASSWORD)
    page.wait_for_url("**/")
    assert "1" in page.inner_text("[data-testid=capacity-requests-badge]")
    page.get_by_test_id("capacity-requests-to-decide").get_by_role("link", name="Mbah Karto Wiryo").click()
    assert "Keluarga satu-satunya" in page.inner_text("[data-testid=request-reason]")
    page.get_by_test_id("request-approve").click()
    page.wait_for_selector("text=Permintaan disetujui; PM sudah ditempatkan.")
    assert page.inner_text("[data-testid=request-status]") == "Disetujui"

    referral = Referral.objects.get()
    page.goto(f"/residents/{resident.pk}/referrals/{referral.pk}/")
    steps = page.inner_text("[data-testid=referral-steps]")
    assert "Permintaan melebihi kapasitas kepada kepala UPT PSTW Bondowoso" in steps
    assert "Permintaan melebihi kapasitas disetujui" in steps
    assert "Rujukan diterima UPT PSTW Bondowoso" in steps
    new = Placement.objects.get(resident=resident, period__upper_inf=True)
    assert new.institution_id == bondowoso.pk
    assert new.over_capacity_approved_by.username == "kepala_bdw"
    assert OverCapacityRequest.objects.get().status == "approved"
