"""The address picker in Chromium: a staff member of a panti in Semarang registers a PM from
Jember by typing each level, and the file reads the address in full."""

import pytest

from apps.residents.models import Resident
from tests.conftest import login
from tests.factories import TEST_PASSWORD, InstitutionFactory, staff_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_by_typing(page, level: str, text: str, expected: str) -> None:
    """Type ``text`` in the search box of ``level`` and wait until its select holds ``expected``."""
    select = page.get_by_label(level, exact=True)
    page.get_by_label(f"Cari {level}").fill(text)
    page.wait_for_function(
        "([id, label]) => { const s = document.getElementById(id);"
        " return s.selectedIndex > 0 && s.options[s.selectedIndex].text === label; }",
        arg=[select.get_attribute("id"), expected],
    )


def test_staff_register_a_resident_choosing_the_address_by_typing(browser_page):
    page = browser_page
    semarang = InstitutionFactory(code="JTG-SMG", name="Panti Semarang", region_id="33.74", capacity=20)
    staff_of(semarang, username="petugas_semarang")

    login(page, "petugas_semarang", TEST_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/residents/register/")
    page.get_by_label("Nama lengkap").fill("Mbah Sarmi")
    page.get_by_label("Jenis kelamin").select_option("P")
    page.get_by_label("Kategori PPKS").select_option(label="LUT — Lanjut Usia Terlantar")

    # The picker starts where the panti is: Jawa Tengah, Kota Semarang.
    assert page.get_by_label("Provinsi", exact=True).input_value() == "33"
    assert page.get_by_label("Kabupaten/Kota", exact=True).input_value() == "33.74"

    # Jawa Timur → Kab. Jember → Kec. Jombang → Desa Padomasan, each by typing.
    choose_by_typing(page, "Provinsi", "jawa tim", "Jawa Timur")
    choose_by_typing(page, "Kabupaten/Kota", "jember", "Kab. Jember")
    choose_by_typing(page, "Kecamatan", "jomb", "Jombang")
    # One desa matches: it is chosen, and Enter in the search box does not send the form.
    page.get_by_label("Cari Desa/Kelurahan").fill("pado")
    village = page.get_by_label("Desa/Kelurahan", exact=True)
    page.wait_for_function(
        "id => document.getElementById(id).value === '35.09.01.2001'", arg=village.get_attribute("id")
    )
    page.get_by_label("Cari Desa/Kelurahan").press("Enter")
    assert "/register/" in page.url

    page.get_by_role("button", name="Daftarkan").click()
    page.wait_for_selector("[data-testid=origin-village]")
    assert page.inner_text("[data-testid=origin-village]") == "Desa Padomasan, Kec. Jombang, Kab. Jember"
    assert Resident.objects.get().origin_village_id == "35.09.01.2001"

    # The edit page shows the chain as stored; changing the kecamatan empties the desa below it.
    page.get_by_role("link", name="Ubah identitas").click()
    assert page.get_by_label("Desa/Kelurahan", exact=True).input_value() == "35.09.01.2001"
    page.get_by_label("Kecamatan", exact=True).select_option(label="Kaliwates")
    page.wait_for_function(
        "id => document.getElementById(id).options.length > 1", arg=village.get_attribute("id")
    )
    assert village.input_value() == ""
    page.get_by_role("button", name="Simpan").click()
    assert "Pilih desa/kelurahan di kecamatan ini." in page.inner_text("main")
    village.select_option(label="Mangli")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_selector("text=Data identitas tersimpan.")
    assert page.inner_text("[data-testid=origin-village]") == "Kel. Mangli, Kec. Kaliwates, Kab. Jember"
