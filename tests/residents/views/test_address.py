"""A resident's home address: chosen with the picker on registration and edit, shown as
"Desa X, Kec. Y, Kab. Z" on the file and in the history."""

import pytest
from django.urls import reverse

from apps.residents import services
from apps.residents.models import Resident
from tests.factories import MembershipFactory, category, staff_of
from tests.residents.views.conftest import make_resident

pytestmark = pytest.mark.django_db

PADOMASAN = {
    "origin_village_code_province": "35",
    "origin_village_code_regency": "35.09",
    "origin_village_code_district": "35.09.01",
    "origin_village_code_village": "35.09.01.2001",
}


def identity(**overrides) -> dict:
    data = {
        "full_name": "Sutrisno",
        "sex": "L",
        "birth_date": "1952-07-17",
        "religion": "islam",
        "marital_status": "kawin",
        "education": "sd",
        "welfare_category": category("LUT").pk,
    }
    return data | overrides


def test_registration_stores_the_chosen_desa(client, staff_jember, jember):
    client.force_login(staff_jember)
    response = client.post(reverse("residents:register"), identity(institution=jember.pk, **PADOMASAN))
    assert response.status_code == 302
    resident = Resident.objects.get()
    assert resident.origin_village_id == "35.09.01.2001"
    page = client.get(response["Location"]).content.decode()
    assert '<span data-testid="origin-village">Desa Padomasan, Kec. Jombang, Kab. Jember</span>' in page


def test_registration_refuses_a_chain_stopped_at_the_kecamatan(client, staff_jember, jember):
    client.force_login(staff_jember)
    data = identity(institution=jember.pk, **PADOMASAN) | {"origin_village_code_village": ""}
    response = client.post(reverse("residents:register"), data)
    assert response.status_code == 200
    assert "Pilih desa/kelurahan di kecamatan ini." in response.content.decode()
    assert not Resident.objects.exists()


def test_registration_without_an_address_leaves_the_picker_as_it_came(client, staff_jember, jember):
    client.force_login(staff_jember)
    data = identity(
        institution=jember.pk, origin_village_code_province="35", origin_village_code_regency="35.09"
    )
    assert client.post(reverse("residents:register"), data).status_code == 302
    assert Resident.objects.get().origin_village_id is None


def test_the_register_page_starts_at_the_province_and_kab_kota_of_the_users_institution(client, staff_jember):
    client.force_login(staff_jember)
    html = client.get(reverse("residents:register")).content.decode()
    assert '<option value="35" selected>Jawa Timur</option>' in html
    assert '<option value="35.09" selected>Kab. Jember</option>' in html
    assert '<option value="35.09.01">Jombang</option>' in html  # its kecamatan, ready to choose


def test_a_user_of_two_kab_kota_starts_at_their_shared_province(client, jember, tuban):
    user = staff_of(jember, username="dua_lembaga")
    MembershipFactory(institution=tuban, user=user)
    client.force_login(user)
    html = client.get(reverse("residents:register")).content.decode()
    assert '<option value="35" selected>Jawa Timur</option>' in html
    assert "selected>Kab." not in html


def test_the_edit_page_shows_the_stored_chain_and_changes_it(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember, admit_days_ago=None, origin_village_id="35.09.01.2001")
    client.force_login(staff_jember)
    url = reverse("residents:edit", args=[resident.pk])
    html = client.get(url).content.decode()
    assert '<option value="35.09.01.2001" selected>Padomasan</option>' in html
    kebraon = {
        "origin_village_code_province": "35",
        "origin_village_code_regency": "35.78",
        "origin_village_code_district": "35.78.01",
        "origin_village_code_village": "35.78.01.1002",
    }
    assert client.post(url, identity(full_name="Budi Santoso", **kebraon)).status_code == 302
    resident.refresh_from_db()
    assert resident.origin_village_id == "35.78.01.1002"


def test_the_edit_page_refuses_levels_that_do_not_nest(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember, admit_days_ago=None)
    client.force_login(staff_jember)
    data = identity(full_name="Budi Santoso", **PADOMASAN) | {"origin_village_code_district": "35.09.19"}
    response = client.post(reverse("residents:edit", args=[resident.pk]), data)
    assert "Desa/kelurahan tidak berada di kecamatan yang dipilih" in response.content.decode()
    resident.refresh_from_db()
    assert resident.origin_village_id is None


def test_clearing_the_kecamatan_removes_a_stored_address(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember, admit_days_ago=None, origin_village_id="35.78.01.1002")
    client.force_login(staff_jember)
    data = identity(origin_village_code_province="35", origin_village_code_regency="35.78")
    assert client.post(reverse("residents:edit", args=[resident.pk]), data).status_code == 302
    resident.refresh_from_db()
    assert resident.origin_village_id is None


def test_edit_page_query_count_is_constant(client, staff_jember, jember, django_assert_num_queries):
    resident = make_resident(jember, staff_jember, admit_days_ago=None, origin_village_id="35.09.01.2001")
    client.force_login(staff_jember)
    url = reverse("residents:edit", args=[resident.pk])
    # session, user, scopes, visible institution ids, resident (with its village, kecamatan and
    # kab/kota), current placement and roles (permission), demo flag, category choices, the
    # picker's options (every level in one), session refresh (3)
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


def test_another_institutions_staff_cannot_edit_the_address(client, staff_tuban, staff_jember, jember):
    resident = make_resident(jember, staff_jember, admit_days_ago=None)
    client.force_login(staff_tuban)
    url = reverse("residents:edit", args=[resident.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, identity(**PADOMASAN)).status_code == 404


def test_the_history_names_the_address_in_full(client, head_jember, staff_jember, jember):
    resident = make_resident(jember, staff_jember, admit_days_ago=None, origin_village_id="35.09.01.2001")
    services.resident_update(actor=staff_jember, resident=resident, data={"origin_village": None})
    client.force_login(head_jember)
    html = client.get(reverse("residents:history", args=[resident.pk])).content.decode()
    assert "Desa Padomasan, Kec. Jombang, Kab. Jember" in html


def test_the_file_reads_a_kelurahan_in_a_kota_without_a_query_per_level(client, staff_jember, jember):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    without = make_resident(jember, staff_jember, name="Tanpa Alamat", admit_days_ago=None)
    surabaya = make_resident(jember, staff_jember, admit_days_ago=None, origin_village_id="35.78.01.1002")
    client.force_login(staff_jember)
    client.get(reverse("residents:detail", args=[without.pk]))
    with CaptureQueriesContext(connection) as plain:
        client.get(reverse("residents:detail", args=[without.pk]))
    with CaptureQueriesContext(connection) as addressed:
        html = client.get(reverse("residents:detail", args=[surabaya.pk])).content.decode()
    assert "Kel. Kebraon, Kec. Karang Pilang, Kota Surabaya" in html
    assert len(addressed) == len(plain)  # the ancestors come with the resident
