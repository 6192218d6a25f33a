"""The audit history page: who may read it, what it shows, its query count."""

import pytest
from django.urls import reverse

from apps.residents import services
from tests.factories import category
from tests.residents.views.conftest import add_relative, same_queries_as_rows_grow

pytestmark = pytest.mark.django_db


def test_history_shows_who_changed_what_to_head_and_supervisor(
    client, staff_jember, head_jember, supervisor_jatim, jember_resident
):
    client.force_login(staff_jember)
    data = {
        "full_name": "Siti Aminah",
        "sex": "P",
        "welfare_category": category("LUT").pk,
        "birth_date": "1950-01-01",
        "religion": "islam",
        "marital_status": "tidak_diketahui",
        "education": "tidak_diketahui",
        "nik": "3509014101500001",
        "nickname": "Mbah Siti",
    }
    response = client.post(reverse("residents:edit", args=[jember_resident.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    for user in (head_jember, supervisor_jatim):
        client.force_login(user)
        response = client.get(reverse("residents:history", args=[jember_resident.pk]))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Mbah Siti" in body
        assert str(staff_jember) in body
        assert "UPT PSTW Jember" in body  # foreign keys by name, not id
        entries = response.context["entries"]
        models = {e["model_name"] for e in entries}
        assert {"Penerima manfaat", "Kasus", "Penempatan"} <= models


def test_history_masks_nik_for_supervisor(client, supervisor_jatim, head_jember, jember_resident):
    client.force_login(supervisor_jatim)
    body = client.get(reverse("residents:history", args=[jember_resident.pk])).content.decode()
    assert "3509014101500001" not in body
    client.force_login(head_jember)
    body = client.get(reverse("residents:history", args=[jember_resident.pk])).content.decode()
    assert "3509014101500001" in body


def test_history_is_refused_to_staff(client, staff_jember, jember_resident):
    client.force_login(staff_jember)
    assert client.get(reverse("residents:history", args=[jember_resident.pk])).status_code == 403
    detail = client.get(reverse("residents:detail", args=[jember_resident.pk]))
    assert b'data-testid="history-link"' not in detail.content


def test_history_query_count_is_constant(
    client, head_jember, staff_jember, jember_resident, django_assert_num_queries
):
    def grow(n):
        for i in range(n):
            add_relative(jember_resident, staff_jember, i)
            services.resident_update(actor=head_jember, resident=jember_resident, data={"nickname": f"N{i}"})

    grow(2)
    client.force_login(head_jember)
    url = reverse("residents:history", args=[jember_resident.pk])
    # session, user, scopes, visible institution ids, resident, placements and roles
    # (permission), count, events, names of their users, institutions and categories,
    # demo flag, the head's pending over-capacity requests (navigation), session refresh (3)
    response = same_queries_as_rows_grow(django_assert_num_queries, client, url, 16, grow=lambda: grow(4))
    assert len(response.context["entries"]) > 8
