from datetime import date

import pytest

from tests.conftest import login
from tests.factories import TEST_PASSWORD, InstitutionFactory, supervisor_of
from tests.residents.conftest import ResidentFactory, admit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_drills_from_the_province_to_an_institution_and_its_residents(browser_page):
    page = browser_page
    jember = InstitutionFactory(code="UPT-JBR", name="UPT PSTW Jember", region_id="35.09", capacity=4)
    tuban = InstitutionFactory(code="UPT-TBN", name="UPT PSBG Tuban", region_id="35.23", capacity=5)
    admit(ResidentFactory(registered_at=jember, full_name="Sri Wahyuni"), jember, on=date(2025, 1, 10))
    admit(ResidentFactory(registered_at=jember, full_name="Budi Santoso"), jember, on=date(2025, 1, 10))
    admit(ResidentFactory(registered_at=tuban, full_name="Ahmad Dahlan"), tuban, on=date(2025, 1, 10))
    supervisor_of("35", username="pengawas_uji")

    login(page, "pengawas_uji", TEST_PASSWORD)
    page.wait_for_url("**/")
    assert "Jawa Timur" in page.inner_text("[data-testid=province-totals]")

    page.click("nav >> text=Keterisian")
    page.wait_for_url("**/reports/occupancy/")
    totals = page.inner_text("[data-testid=totals]")
    assert "9" in totals and "3" in totals  # capacity 9, three residents
    table = page.inner_text("[data-testid=occupancy-table]")
    assert "Kabupaten Jember" in table and "Kabupaten Tuban" in table

    page.click("[data-testid=occupancy-table] >> text=Kabupaten Jember")
    page.wait_for_url("**region=35.09**")
    table = page.inner_text("[data-testid=occupancy-table]")
    assert "UPT PSTW Jember" in table and "50,0%" in table and "Tuban" not in table

    page.click("[data-testid=residents-link]")
    page.wait_for_url("**/residents/?institution=UPT-JBR&present_on=*")
    names = page.inner_text("main")
    assert "Sri Wahyuni" in names and "Budi Santoso" in names and "Ahmad Dahlan" not in names


def test_supervisor_follows_a_past_days_kab_kota_count_to_who_was_there(browser_page):
    page = browser_page
    jember = InstitutionFactory(code="UPT-JBR", name="UPT PSTW Jember", region_id="35.09", capacity=4)
    admit(ResidentFactory(registered_at=jember, full_name="Sri Wahyuni"), jember, on=date(2025, 1, 10))
    admit(
        ResidentFactory(registered_at=jember, full_name="Budi Santoso"),
        jember,
        on=date(2025, 1, 10),
        end=date(2025, 2, 1),
    )
    supervisor_of("35", username="pengawas_uji")
    login(page, "pengawas_uji", TEST_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/reports/occupancy/?date=2025-01-20")
    page.click("[data-testid=occupancy-table] [data-testid=residents-link]")
    page.wait_for_url("**/residents/?region=35.09&present_on=2025-01-20")
    names = page.inner_text("main")
    assert "Sri Wahyuni" in names and "Budi Santoso" in names
    assert page.input_value("#id_present_on") == "2025-01-20"
