"""Residential events: recording one, and the return from one."""

from datetime import timedelta

import pytest
from django.urls import reverse

from apps.residents import services
from tests.residents.views.conftest import home_leave, hospital_stay, make_resident, today

pytestmark = pytest.mark.django_db


def test_an_event_of_another_institution_cannot_be_closed(client, staff_jember, staff_tuban, jember_resident):
    event = services.event_record(
        actor=staff_jember, resident=jember_resident, kind="hospital", on=today() - timedelta(days=1)
    )
    client.force_login(staff_tuban)
    close = reverse("residents:event_close", args=[jember_resident.pk, event.pk])
    assert client.get(close).status_code == 404
    assert client.post(close, {"returned_on": today().isoformat()}).status_code == 404
    event.refresh_from_db()
    assert event.returned_on is None


def test_event_close_query_count_does_not_grow_with_events(
    client, staff_jember, big_jember, django_assert_num_queries
):
    resident = make_resident(big_jember, staff_jember, admit_days_ago=300)

    def close_a_home_leave(days_ago):
        leave = home_leave(resident, staff_jember, days_ago=days_ago, due_in_days=5 - days_ago)
        url = reverse("residents:event_close", args=[resident.pk, leave.pk])
        # session, user, scopes, visible institution ids, resident, event, current placement
        # and roles (permission), demo flag, session refresh (3)
        with django_assert_num_queries(12):
            assert client.get(url).status_code == 200
        # the same up to the permission (8); the service: audit context, its own permission
        # check (2), the resident, the event and its placement (with the case) locked, the
        # placement's latest record, the update, the audit context cleared; session refresh (3)
        with django_assert_num_queries(20):
            response = client.post(url, {"returned_on": (today() - timedelta(days=days_ago - 4)).isoformat()})
        assert response.status_code == 302
        leave.refresh_from_db()
        assert leave.returned_on == today() - timedelta(days=days_ago - 4)

    client.force_login(staff_jember)
    for days_ago in (250, 240):
        hospital_stay(resident, staff_jember, days_ago=days_ago)
    close_a_home_leave(160)
    for days_ago in range(140, 80, -10):
        hospital_stay(resident, staff_jember, days_ago=days_ago)
    close_a_home_leave(60)
    assert resident.events.count() == 10
