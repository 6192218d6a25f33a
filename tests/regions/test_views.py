"""The address picker's endpoint: a level's options, for signed-in users, cacheable."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def options(response) -> list[str]:
    import re

    return re.findall(r'<option value="([^"]*)"', response.content.decode())


def test_the_kab_kota_of_a_province_in_one_query(client, staff_jember, django_assert_num_queries):
    client.force_login(staff_jember)
    url = reverse("regions:children", args=["35"])
    # session, user, the regions (the parent and its children together), session refresh (3)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    codes = options(response)
    assert codes[0] == ""  # "— pilih kabupaten/kota —"
    assert len(codes) == 1 + 38 and "35.09" in codes and "35.78" in codes
    body = response.content.decode()
    assert "— pilih kabupaten/kota —" in body
    assert ">Kab. Jember</option>" in body and ">Kota Surabaya</option>" in body
    # Kabupaten and Kota of one name stand together, by the bare name.
    assert body.index("Kab. Malang") < body.index("Kota Malang") < body.index("Kab. Mojokerto")


def test_the_provinces_without_a_parent(client, staff_jember):
    client.force_login(staff_jember)
    response = client.get(reverse("regions:children"))
    assert len(options(response)) == 1 + 38
    assert "— pilih provinsi —" in response.content.decode()


def test_typing_narrows_a_level_by_name(client, staff_jember, django_assert_num_queries):
    client.force_login(staff_jember)
    url = reverse("regions:children", args=["35.09.01"])
    with django_assert_num_queries(6):
        response = client.get(url, {"q": "padom"})
    assert options(response) == ["", "35.09.01.2001"]
    nothing = client.get(url, {"q": "tidak ada"})
    assert options(nothing) == [""]
    assert "tidak ada yang cocok" in nothing.content.decode()


def test_the_answer_may_be_kept_by_the_browser(client, staff_jember):
    client.force_login(staff_jember)
    response = client.get(reverse("regions:children", args=["35.09"]))
    assert response["Cache-Control"] == "private, max-age=86400"
    # Every other page of a signed-in user stays out of caches.
    assert client.get(reverse("residents:list"))["Cache-Control"] == "no-store, private"


def test_a_signed_out_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("regions:children", args=["35"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "path", ["/regions/36.99/children/", "/regions/35.09.01.2001/children/", "/regions/99/children/"]
)
def test_a_region_that_does_not_exist_or_has_nothing_below_is_not_found(client, staff_jember, path):
    client.force_login(staff_jember)
    response = client.get(path)
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path", ["/regions/jember/children/", "/regions/3509/children/", "/regions/35./children/"]
)
def test_a_malformed_code_matches_no_page(client, staff_jember, path):
    client.force_login(staff_jember)
    assert client.get(path).status_code == 404


def test_an_overlong_search_is_refused_not_run(client, staff_jember):
    client.force_login(staff_jember)
    assert client.get(reverse("regions:children", args=["35"]), {"q": "x" * 101}).status_code == 400


def test_only_get_is_answered(client, staff_jember):
    client.force_login(staff_jember)
    assert client.post(reverse("regions:children", args=["35"])).status_code == 405


def test_regions_are_the_same_for_every_institution(client, staff_jember, staff_tuban):
    # Region names are public data, not scoped: a user of another institution gets the same list.
    url = reverse("regions:children", args=["35.09"])
    client.force_login(staff_jember)
    mine = options(client.get(url))
    client.force_login(staff_tuban)
    assert options(client.get(url)) == mine and len(mine) == 1 + 31
