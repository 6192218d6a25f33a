"""Registering a resident."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_register_page_query_count_is_constant(client, staff_jember, django_assert_num_queries):
    client.force_login(staff_jember)
    # session, user, scopes, visible institutions, roles, exists, demo flag, institution and
    # category choices (3), the address picker (its start and its options), session refresh (3)
    with django_assert_num_queries(15):
        assert client.get(reverse("residents:register")).status_code == 200
