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


# --- the form per kind --------------------------------------------------------------------------------


def test_the_form_marks_each_kind_specific_field_with_its_kinds(client, staff_jember, jember_resident):
    client.force_login(staff_jember)
    page = client.get(reverse("residents:event_add", args=[jember_resident.pk])).content.decode()
    assert 'data-kinds="home_leave hospital" data-field="expected_return_on"' in page
    assert 'data-kinds="hospital" data-field="hospital"' in page
    assert 'data-kinds="home_leave hospital ran_away" data-field="returned_on"' in page
    assert 'data-kinds="room_move" data-field="room"' in page
    assert "js/event_form.js" in page
    # The day and the notes belong to every kind; date inputs as elsewhere.
    assert '<div data-field="on">' in page and '<div data-field="notes">' in page
    assert 'type="date" name="on"' in page


def test_without_script_the_fields_of_other_kinds_are_ignored(client, staff_jember, jember_resident):
    """Every field is shown without script: what is typed in another kind's field is dropped,
    even a date that does not parse."""
    client.force_login(staff_jember)
    response = client.post(
        reverse("residents:event_add", args=[jember_resident.pk]),
        {
            "kind": "room_move",
            "on": (today() - timedelta(days=3)).isoformat(),
            "room": "Anggrek 4",
            "expected_return_on": "not a date",
            "hospital": "RSUD",
            "returned_on": (today() - timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302
    event = jember_resident.events.get()
    assert (event.kind, event.room, event.hospital, event.expected_return_on, event.returned_on) == (
        "room_move",
        "Anggrek 4",
        "",
        None,
        None,
    )


def test_the_server_validates_the_fields_of_the_chosen_kind(client, staff_jember, jember_resident):
    client.force_login(staff_jember)
    url = reverse("residents:event_add", args=[jember_resident.pk])
    response = client.post(url, {"kind": "home_leave", "on": today().isoformat(), "room": "Mawar"})
    assert response.context["form"].errors == {
        "expected_return_on": ["Izin pulang perlu tanggal rencana kembali."]
    }
    response = client.post(url, {"kind": "hospital", "on": "1949-12-31"})
    assert response.context["form"].errors["on"] == ["Tanggal kejadian tidak boleh sebelum 01-01-1950."]
    assert not jember_resident.events.exists()


def test_the_event_form_query_count(client, staff_jember, big_jember, django_assert_num_queries):
    resident = make_resident(big_jember, staff_jember, admit_days_ago=300)
    for days_ago in (250, 200, 150):
        hospital_stay(resident, staff_jember, days_ago=days_ago)
    client.force_login(staff_jember)
    url = reverse("residents:event_add", args=[resident.pk])
    # session, user, scopes, visible institution ids, resident, current placement (with case),
    # roles (permission), the placement's latest record, demo flag, session refresh (3)
    with django_assert_num_queries(12):
        response = client.get(url)
    assert "Kejadian terakhir: kembali dari rawat inap" in response.content.decode()


def test_another_institutions_staff_get_404_on_the_event_form(client, staff_tuban, jember_resident):
    client.force_login(staff_tuban)
    url = reverse("residents:event_add", args=[jember_resident.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "hospital", "on": today().isoformat()}).status_code == 404
