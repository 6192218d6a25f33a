from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.residents.models import ResidentEvent
from tests.factories import InstitutionFactory
from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db


def fill(institution, n, *, start=date(2025, 1, 10)):
    for _ in range(n):
        admit(ResidentFactory(registered_at=institution), institution, on=start)


def test_staff_see_their_institution_with_its_occupancy(client, staff_jember, jember, tuban):
    fill(jember, 2)
    fill(tuban, 4)
    client.force_login(staff_jember)
    response = client.get(reverse("home"))
    own = response.context["own"]
    assert [(i.code, i.occupied_now, i.capacity) for i in own] == [("UPT-JBR", 2, 3)]
    assert response.context["supervised"] is None
    assert "UPT PSBG Tuban" not in response.content.decode()


def test_a_discharged_resident_no_longer_holds_a_place(client, staff_jember, jember):
    admit(ResidentFactory(registered_at=jember), jember, on=date(2025, 1, 1), end=date(2025, 2, 1))
    client.force_login(staff_jember)
    assert client.get(reverse("home")).context["own"][0].occupied_now == 0


def test_supervisor_sees_occupancy_of_every_institution_in_the_region_only(
    client, supervisor_jatim, jember, tuban, semarang
):
    fill(jember, 3)
    fill(semarang, 1)
    client.force_login(supervisor_jatim)
    response = client.get(reverse("home"))
    rows = {i.code: (i.occupied_now, i.capacity) for i in response.context["supervised"]}
    assert rows == {"UPT-JBR": (3, 3), "UPT-TBN": (0, 5)}
    assert "bg-danger" in response.content.decode()  # Jember is full


def on_overdue_home_leave(institution, full_name):
    """A resident placed at ``institution``, on home leave since ten days ago and due back three days ago."""
    resident = ResidentFactory(registered_at=institution, full_name=full_name)
    placement = admit(resident, institution)
    today = timezone.localdate()
    ResidentEvent.objects.create(
        resident=resident,
        placement=placement,
        kind=ResidentEvent.Kind.HOME_LEAVE,
        occurred_on=today - timedelta(days=10),
        expected_return_on=today - timedelta(days=3),
    )


def test_overdue_home_leave_is_flagged_on_the_home_page(client, staff_jember, jember):
    on_overdue_home_leave(jember, "Sri Lestari")
    client.force_login(staff_jember)
    response = client.get(reverse("home"))
    assert b'data-testid="overdue-leaves"' in response.content
    assert "Sri Lestari" in response.content.decode()


def test_overdue_leave_of_another_institution_is_not_shown(client, staff_tuban, jember):
    on_overdue_home_leave(jember, "Sri Lestari")
    client.force_login(staff_tuban)
    assert "Sri Lestari" not in client.get(reverse("home")).content.decode()


def test_home_query_count_does_not_grow_with_institutions(
    client, supervisor_jatim, django_assert_num_queries
):
    for n in range(8):
        institution = InstitutionFactory(code=f"UPT-H{n}", region_id="35.78")
        fill(institution, 2)
    client.force_login(supervisor_jatim)
    # session, user, scopes, memberships (2: own ids, roles), count, rows, their occupancy,
    # province totals (2: figures, names), attention list (6), demo flag, session refresh (3)
    with django_assert_num_queries(19):
        response = client.get(reverse("home"))
    assert len(response.context["supervised"]) == 8
