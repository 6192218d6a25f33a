"""In Chromium: search the resident list, go to page 2, open a file, go back: the same list."""

import pytest

from tests.conftest import login
from tests.factories import TEST_PASSWORD, InstitutionFactory, staff_of
from tests.residents.conftest import ResidentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_list_keeps_its_search_and_page_when_the_user_goes_back(browser_page):
    page = browser_page
    jember = InstitutionFactory(code="UPT-JBR", name="UPT PSTW Jember", region_id="35.09", capacity=50)
    staff_of(jember, username="petugas_jember")
    for n in range(30):
        ResidentFactory(registered_at=jember, full_name=f"Warga Panti {n:02}")
    ResidentFactory(registered_at=jember, full_name="Bukan Yang Dicari")

    login(page, "petugas_jember", TEST_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/residents/")
    page.fill("#id_q", "warga panti")
    # As the search is typed, the address becomes an opaque token, never the text.
    page.wait_for_url("**/residents/?s=*")
    page.wait_for_selector("text=30 penerima manfaat")
    page.get_by_test_id("next-page").click()
    page.wait_for_url("**page=2")
    assert "Halaman 2 dari 2" in page.inner_text("[data-testid=page-number]")
    list_url = page.url
    assert "warga" not in list_url.lower()

    page.get_by_role("link", name="Warga Panti 27").click()
    page.wait_for_selector("[data-testid=resident-name]")
    assert page.inner_text("[data-testid=resident-name]") == "Warga Panti 27"

    page.go_back()
    page.wait_for_selector("[data-testid=resident-table]")
    assert page.url == list_url
    assert page.input_value("#id_q") == "warga panti"
    assert "Halaman 2 dari 2" in page.inner_text("[data-testid=page-number]")
    table = page.inner_text("[data-testid=resident-table]")
    assert "Warga Panti 27" in table and "Warga Panti 03" not in table and "Bukan Yang Dicari" not in table

    # Back once more: the first page of the same search (htmx pushed page 2 on top of it).
    page.go_back()
    page.wait_for_url("**/residents/?s=*")
    page.wait_for_selector("text=Warga Panti 03")
    assert page.input_value("#id_q") == "warga panti"
    assert "Bukan Yang Dicari" not in page.inner_text("[data-testid=resident-table]")
