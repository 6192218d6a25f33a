"""Importing residents from a spreadsheet in Chromium: upload, check in the background, confirm."""

import io
import threading

import pytest
from django.db import connections
from openpyxl import Workbook

from apps.residents.models import Resident
from tests.conftest import login
from tests.factories import TEST_PASSWORD, InstitutionFactory, staff_of
from tests.jobs import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def workbook_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def worker():
    """The procrastinate worker, polling the queue in a thread while the page polls the job."""
    stop = threading.Event()

    def loop():
        try:
            while not stop.is_set():
                run_worker()
                stop.wait(0.3)
        finally:
            connections.close_all()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=30)


JOB_WAIT_MS = 60_000


def test_staff_upload_a_file_see_the_preview_confirm_and_see_the_result(browser_page, worker):
    page = browser_page
    jember = InstitutionFactory(code="UPT-JBR", name="UPT PSTW Jember", region_id="35.09", capacity=20)
    staff_of(jember, username="petugas_impor")
    rows = [
        [
            "Kode lembaga",
            "Nomor registrasi",
            "Nama lengkap",
            "NIK",
            "Jenis kelamin",
            "Tanggal lahir",
            "Kategori PPKS",
        ],
        ["UPT-JBR", "IMP-0001", "Mbah Sastro", "3509011203500001", "L", "1950-03-12", "LUT"],
        ["UPT-JBR", "IMP-0002", "Mbok Darmi", "", "P", "1945-07-01", "LUT"],
    ]

    login(page, "petugas_impor", TEST_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/residents/import/")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "pm.xlsx", "mimeType": "application/octet-stream", "buffer": workbook_bytes(rows)}],
    )
    page.get_by_role("button", name="Periksa berkas").click()
    page.wait_for_url("**/residents/import/jobs/*/")
    assert "pm.xlsx" not in page.url

    # The check runs in the background; the page polls, then shows the rows as they will be stored.
    # A background job on a busy machine (CI shares two cores) may take longer than a page.
    page.wait_for_selector("[data-testid=import-preview-rows]", timeout=JOB_WAIT_MS)
    assert "2 PM baru akan diimpor" in page.inner_text("[data-testid=import-preview]")
    preview = page.inner_text("[data-testid=import-preview-rows]")
    assert "Mbah Sastro" in preview and "************0001" in preview
    assert "3509011203500001" not in page.content()
    assert not Resident.objects.exists()

    page.get_by_test_id("import-confirm").click()
    page.wait_for_selector("[data-testid=import-done]", timeout=JOB_WAIT_MS)
    assert "2 PM baru" in page.inner_text("[data-testid=import-done]")
    assert sorted(Resident.objects.values_list("registration_no", flat=True)) == ["IMP-0001", "IMP-0002"]
