import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def post_login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_repeated_failed_logins_lock_the_account_even_with_the_right_password(client, staff_jember, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = post_login(client, "staf_jember", "wrong-password")
    assert response.status_code in (403, 429)
    response = post_login(client, "staf_jember", TEST_PASSWORD)
    assert response.status_code in (403, 429)
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_few_failures_do_not_lock(client, staff_jember, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(client, "staf_jember", "wrong-password")
    response = post_login(client, "staf_jember", TEST_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_jember.pk)


def test_wrong_password_message_is_indonesian(client, staff_jember):
    response = post_login(client, "staf_jember", "nope")
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_session_expires_after_inactivity(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def test_logout_requires_post_and_ends_the_session(client, staff_jember):
    client.force_login(staff_jember)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("username", ["x" * 300, "staf\x00jember"])
def test_an_overlong_or_nul_username_is_a_failed_login_not_a_server_error(client, username):
    from axes.models import AccessAttempt

    response = post_login(client, username, "whatever")
    assert response.status_code == (400 if "\x00" in username else 200)
    assert "_auth_user_id" not in client.session
    if len(username) > 150:
        assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    assert not AccessAttempt.objects.exists()
