import os
import shutil

import pytest

from tests.factories import InstitutionFactory, staff_of, supervisor_of

CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]


def chromium_path() -> str | None:
    for path in [os.environ.get("CHROMIUM_PATH", ""), *CHROMIUM_CANDIDATES]:
        if path and os.path.exists(path):
            return path
    return shutil.which("chromium")


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in Indonesian: a request with the English cookie activates English
    in its thread, and the next test in the same worker would otherwise inherit it."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def jember():
    """A UPT in Kabupaten Jember, Jawa Timur."""
    return InstitutionFactory(code="UPT-JBR", name="UPT PSTW Jember", region_id="35.09", capacity=3)


@pytest.fixture
def tuban():
    """Another UPT in Jawa Timur (Kabupaten Tuban)."""
    return InstitutionFactory(code="UPT-TBN", name="UPT PSBG Tuban", region_id="35.23", capacity=5)


@pytest.fixture
def semarang():
    """A panti outside Jawa Timur (Kota Semarang, Jawa Tengah)."""
    return InstitutionFactory(code="JTG-SMG", name="Panti Semarang", region_id="33.74", capacity=5)


@pytest.fixture
def staff_jember(jember):
    return staff_of(jember, username="staf_jember")


@pytest.fixture
def head_jember(jember):
    return staff_of(jember, role="head", username="kepala_jember")


@pytest.fixture
def staff_tuban(tuban):
    return staff_of(tuban, username="staf_tuban")


@pytest.fixture
def supervisor_jatim():
    return supervisor_of("35", username="pengawas_jatim")


@pytest.fixture
def admin_user(db):
    from tests.factories import SuperuserFactory

    return SuperuserFactory(username="admin_test")


@pytest.fixture
def browser_page(live_server):
    """A Playwright page in the system Chromium, skipped (or failed in CI) without one."""
    path = chromium_path()
    if path is None:
        message = "Chromium tidak terpasang: jalankan `apt-get install -y chromium` untuk uji peramban."
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django must allow ORM calls here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(locale="id-ID", base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15000)
        try:
            yield page
        finally:
            context.close()
            browser.close()
            if previous is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def login(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
