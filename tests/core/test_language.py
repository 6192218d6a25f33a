import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


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
