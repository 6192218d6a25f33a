"""Error pages speak Indonesian, keep the menu (where they can) and offer a way back."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_not_found_keeps_the_menu_and_a_way_home(client, staff_jember):
    client.force_login(staff_jember)
    response = client.get("/residents/999999/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in body and 'data-testid="error-404"' in body
    assert reverse("residents:list") in body and reverse("home") in body


def test_forbidden_is_explained(client, staff_jember):
    client.force_login(staff_jember)
    response = client.get(reverse("institutions:import"))
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_a_nul_byte_in_a_parameter_is_a_clear_400(client, staff_jember):
    client.force_login(staff_jember)
    response = client.get(reverse("residents:list"), {"status": "a\x00b"})
    assert response.status_code == 400
    assert "karakter yang tidak diterima" in response.content.decode()


def test_the_server_error_page_needs_no_request_context():
    body = render_to_string("500.html")
    assert "Terjadi kesalahan pada sistem" in body and 'href="/"' in body


def _has_menu_and_way_back(body: str) -> bool:
    return (
        'class="navbar' in body
        and reverse("residents:list") in body
        and 'data-testid="error-way-back"' in body
        and "Kembali ke halaman sebelumnya" in body
        and f'href="{reverse("home")}"' in body
    )


def test_forbidden_and_not_found_keep_the_menu_and_offer_the_previous_page(client, staff_jember):
    client.force_login(staff_jember)
    forbidden = client.get(reverse("institutions:import"))
    missing = client.get("/residents/999999/")
    assert (forbidden.status_code, missing.status_code) == (403, 404)
    for response in (forbidden, missing):
        body = response.content.decode()
        assert _has_menu_and_way_back(body)
        assert "Forbidden" not in body and "Not Found" not in body


def test_a_bad_request_offers_a_way_back(client, staff_jember):
    client.force_login(staff_jember)
    response = client.get(reverse("residents:list"), {"status": "a\x00b"})
    assert _has_menu_and_way_back(response.content.decode())


def test_an_expired_form_is_explained_in_indonesian_not_by_djangos_english_page(staff_jember):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_jember)
    response = client.post(reverse("residents:list"), {"q": "x"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Formulir tidak dapat dikirim" in body and 'data-testid="error-way-back"' in body
    assert "CSRF verification failed" not in body


def test_the_server_error_page_has_the_menu_in_indonesian(rf):
    from django.views.defaults import server_error

    body = server_error(rf.get("/")).content.decode()
    assert '<html lang="id">' in body and "Terjadi kesalahan pada sistem" in body
    assert 'data-testid="error-menu"' in body
    for name in ("home", "residents:list", "institutions:list", "reports_occupancy"):
        assert f'href="{reverse(name)}"' in body
    assert "An error occurred" not in body
