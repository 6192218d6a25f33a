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
