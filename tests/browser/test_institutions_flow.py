import pytest

from tests.conftest import login
from tests.factories import TEST_PASSWORD, InstitutionFactory, staff_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_opens_the_list_and_the_detail(browser_page):
    page = browser_page
    jember = InstitutionFactory(code="UPT-JBR", name="UPT PSTW Jember", region_id="35.09", capacity=110)
    InstitutionFactory(code="UPT-TBN", name="UPT PSBG Tuban", region_id="35.23")
    staff_of(jember, username="petugas_uji")

    login(page, "petugas_uji", TEST_PASSWORD)
    page.wait_for_url("**/")
    assert "UPT PSTW Jember" in page.inner_text("[data-testid=my-institutions]")

    page.click("nav >> text=Lembaga")
    page.wait_for_url("**/institutions/")
    table = page.inner_text("[data-testid=institution-table]")
    assert "UPT PSTW Jember" in table
    assert "UPT PSBG Tuban" not in table

    # Search updates the rows through htmx without leaving the page.
    page.fill("input[name=q]", "tidak-ada")
    page.wait_for_selector("[data-testid=institution-table] >> text=Tidak ada lembaga")
    page.fill("input[name=q]", "jember")
    page.wait_for_selector("[data-testid=institution-table] >> text=UPT PSTW Jember")

    # Filtering by a select refreshes the rows too.
    page.select_option("select[name=kind]", "LKS")
    page.wait_for_selector("[data-testid=institution-table] >> text=Tidak ada lembaga")
    page.select_option("select[name=kind]", "")
    page.wait_for_selector("[data-testid=institution-table] >> text=UPT PSTW Jember")

    page.click("[data-testid=institution-table] >> text=UPT PSTW Jember")
    page.wait_for_url("**/institutions/UPT-JBR/")
    assert page.inner_text("[data-testid=institution-name]") == "UPT PSTW Jember"
    assert "110" in page.inner_text("[data-testid=capacity]")
