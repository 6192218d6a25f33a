"""What every page about a resident keeps: another institution's staff get 404, supervisors
read but do not act, a login is needed, ids are numeric, and the query count does not grow
with the number of institutions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.residents.models import Case, Document, FamilyMember, Placement, Resident, ResidentEvent
from tests.factories import InstitutionFactory
from tests.residents.views.conftest import today

pytestmark = pytest.mark.django_db


RESIDENT_PAGES = [
    "detail",
    "edit",
    "history",
    "admit",
    "transfer",
    "discharge",
    "stage",
    "event_add",
    "family_add",
    "document_add",
    "consent_add",
]


def row_counts():
    return tuple(model.objects.count() for model in (Case, Placement, ResidentEvent, FamilyMember, Document))


@pytest.mark.parametrize("name", RESIDENT_PAGES)
def test_staff_of_another_institution_gets_404_on_every_page(client, staff_tuban, jember_resident, name):
    client.force_login(staff_tuban)
    url = reverse(f"residents:{name}", args=[jember_resident.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", RESIDENT_PAGES[1:])
def test_staff_of_another_institution_gets_404_on_every_post(client, staff_tuban, jember_resident, name):
    client.force_login(staff_tuban)
    url = reverse(f"residents:{name}", args=[jember_resident.pk])
    before = row_counts()
    response = client.post(
        url,
        {
            "on": today().isoformat(),
            "reason": "other",
            "stage": "asesmen",
            "kind": "hospital",
            "name": "X",
            "relationship": "ayah",
            "full_name": "X",
            "given_on": today().isoformat(),
            "given_by": "X",
            "scope": "X",
        },
    )
    assert response.status_code == 404
    after = row_counts()
    assert after == before


def test_supervisor_may_read_but_not_act(client, supervisor_jatim, jember_resident):
    client.force_login(supervisor_jatim)
    assert client.get(reverse("residents:detail", args=[jember_resident.pk])).status_code == 200
    for name in ("transfer", "discharge", "event_add", "family_add"):
        assert client.get(reverse(f"residents:{name}", args=[jember_resident.pk])).status_code == 403
    assert client.get(reverse("residents:register")).status_code == 403


def test_anonymous_user_is_sent_to_login(client, jember_resident):
    response = client.get(reverse("residents:detail", args=[jember_resident.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", RESIDENT_PAGES[1:])
def test_form_pages_query_count_does_not_grow_with_institutions(client, admin_user, jember_resident, name):
    client.force_login(admin_user)
    url = reverse(f"residents:{name}", args=[jember_resident.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(5):
        InstitutionFactory(code=f"UPT-X{n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_resident_lookup_is_by_numeric_id_only(client, staff_jember, jember_resident):
    client.force_login(staff_jember)
    assert client.get(f"/residents/{jember_resident.registration_no}/").status_code == 404


def test_resident_count_unchanged_by_reads(client, staff_jember, jember_resident):
    client.force_login(staff_jember)
    client.get(reverse("residents:list"))
    client.get(reverse("residents:detail", args=[jember_resident.pk]))
    assert Resident.objects.count() == 1
