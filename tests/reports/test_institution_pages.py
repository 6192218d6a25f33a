"""The institution page and list show occupancy (from the census module) and where to go next."""

from datetime import date

import pytest
from django.urls import reverse

from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db


def test_institution_page_shows_occupancy_and_links_to_residents_ikm_and_poster(client, staff_jember, jember):
    admit(ResidentFactory(registered_at=jember), jember, on=date(2025, 1, 1))
    admit(ResidentFactory(registered_at=jember), jember, on=date(2025, 1, 1))
    client.force_login(staff_jember)
    body = client.get(reverse("institutions:detail", args=[jember.code])).content.decode()
    assert "Terisi 2 dari 3 tempat" in body and "66,7%" in body
    assert "/residents/?institution=UPT-JBR&amp;status=in_care" in body
    assert reverse("surveys:institution", args=[jember.code]) in body
    assert reverse("surveys:poster", args=[jember.code]) in body


def test_institution_list_shows_each_institutions_occupancy(client, supervisor_jatim, jember, tuban):
    for _ in range(4):
        admit(ResidentFactory(registered_at=jember), jember, on=date(2025, 1, 1))
    client.force_login(supervisor_jatim)
    body = client.get(reverse("institutions:list")).content.decode()
    assert "133,3%" in body and "0,0%" in body
