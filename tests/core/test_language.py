from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def indonesian_afterwards(settings):
    """The language middleware leaves a request's language active in its thread: after a test
    that chose English, the next test on this worker must not run in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_pages_are_indonesian_even_for_an_english_browser(client):
    response = client.get(reverse("accounts:login"), headers={"accept-language": "en-US,en;q=0.9"})
    assert response["Content-Language"] == "id"
    assert "Kata sandi" in response.content.decode()


def test_the_language_switch_turns_english_on(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    response = client.get(reverse("accounts:login"))
    assert response["Content-Language"] == "en"
    assert "Password" in response.content.decode()
    assert "Kata sandi" not in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_indonesian(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get(reverse("accounts:login"))["Content-Language"] == "id"


def test_english_tells_the_institutions_menu_from_an_institution_column(client, staff_jember):
    client.force_login(staff_jember)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("surveys:overview")).content.decode()
    assert ">Institutions</a>" in body  # the menu: every institution
    assert "<th>Institution</th>" in body  # a column: one institution per row


@pytest.mark.parametrize(("days_old", "words"), [(400, "1 year old<"), (30 * 366, "30 years old<")])
def test_english_ages_are_singular_or_plural(client, staff_jember, jember, days_old, words):
    from tests.residents.conftest import ResidentFactory

    born = timezone.localdate() - timedelta(days=days_old)
    resident = ResidentFactory(registered_at=jember, birth_date=born)
    client.force_login(staff_jember)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("residents:detail", args=[resident.pk])).content.decode()
    assert words in body
