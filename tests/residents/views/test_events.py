"""Residential events: recording one, and the return from one."""

from datetime import timedelta

import pytest
from django.urls import reverse

from apps.residents import services
from tests.residents.views.conftest import today

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
