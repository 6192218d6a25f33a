"""The event form in Chromium: only the fields of the chosen kind are shown; a hospital stay
with its hospital, the return ("Kembali"), and a death that closes the case."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.residents import services
from apps.residents.models import Case, ResidentEvent
from tests.conftest import login
from tests.factories import TEST_PASSWORD, InstitutionFactory, category, staff_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KIND_SPECIFIC = ("expected_return_on", "hospital", "returned_on", "room")


def shown(page) -> set[str]:
    """The kind-specific fields visible now."""
    return {name for name in KIND_SPECIFIC if page.locator(f"[data-field={name}]").is_visible()}


def test_the_event_form_shows_the_fields_of_each_kind(browser_page):
    page = browser_page
    jember = InstitutionFactory(code="UPT-JBR", name="UPT PSTW Jember", region_id="35.09", capacity=20)
    staff = staff_of(jember, username="petugas_jember")
    today = timezone.localdate()
    resident = services.resident_register(
        actor=staff,
        institution=jember,
        data={"full_name": "Mbah Sumo", "sex": "L", "welfare_category": category("LUT")},
        allow_duplicates=True,
    )
    services.case_admit(
        actor=staff,
        resident=resident,
        institution=jember,
        on=today - timedelta(days=30),
        referral_source="razia",
    )

    login(page, "petugas_jember", TEST_PASSWORD)
    page.wait_for_url("**/")
    page.goto(f"/residents/{resident.pk}/events/new/")
    kind = page.get_by_label("Jenis kejadian")
    expected = {
        "home_leave": {"expected_return_on", "returned_on"},
        "hospital": {"expected_return_on", "hospital", "returned_on"},
        "ran_away": {"returned_on"},
        "room_move": {"room"},
        "death": set(),
        "returned": set(),
    }
    for value, fields in expected.items():
        kind.select_option(value)
        assert shown(page) == fields, value
    # Every kind shows its day and notes.
    assert page.locator("[name=on]").is_visible()
    assert page.get_by_label("Catatan").is_visible()

    # A hospital stay: a room typed before switching kind is not saved.
    kind.select_option("room_move")
    page.get_by_label("Kamar/wisma baru").fill("Mawar 2")
    kind.select_option("hospital")
    page.locator("[name=on]").fill((today - timedelta(days=10)).isoformat())
    page.get_by_label("Nama rumah sakit").fill("RSUD dr. Soebandi")
    page.get_by_label("Rencana kembali").fill((today - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_selector("text=Kejadian tercatat.")
    stay = ResidentEvent.objects.get()
    assert (stay.kind, stay.hospital, stay.room) == ("hospital", "RSUD dr. Soebandi", "")
    assert "RSUD dr. Soebandi" in page.inner_text("main")

    # The return: one word, "Kembali".
    page.get_by_test_id("event-return").click()
    page.get_by_label("Tanggal kembali").fill((today - timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_selector("text=Tanggal kembali tercatat.")
    stay.refresh_from_db()
    assert stay.returned_on == today - timedelta(days=2)

    # An event dated before the return is refused with the day in the way.
    page.goto(f"/residents/{resident.pk}/events/new/")
    page.get_by_label("Jenis kejadian").select_option("death")
    page.locator("[name=on]").fill((today - timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Simpan").click()
    assert "sebelum kejadian terakhir (kembali dari rawat inap" in page.inner_text("main")

    # A death closes the case; the file then offers no events and no stage change.
    page.get_by_label("Jenis kejadian").select_option("death")
    page.locator("[name=on]").fill(today.isoformat())
    page.get_by_label("Catatan").fill("Meninggal dengan tenang.")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_selector("text=Kejadian tercatat.")
    case = Case.objects.get(resident=resident)
    assert (case.closed_on, case.termination_reason) == (today, "died")
    assert page.locator(f"a[href='/residents/{resident.pk}/events/new/']").count() == 0
    assert page.locator(f"a[href='/residents/{resident.pk}/stage/']").count() == 0
