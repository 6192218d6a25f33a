"""The residents' discharge form applies the readiness rule: "independent" needs a ready
outcome approved by the head, or a written reason."""

import pytest
from django.urls import reverse

from apps.core.dates import today
from apps.residents.models import Case
from tests.residents.views.conftest import make_resident

pytestmark = pytest.mark.django_db


def discharge(client, resident, **data):
    """The discharge as confirmed (the second step of the form)."""
    return client.post(
        reverse("residents:discharge", args=[resident.pk]),
        {"on": today().isoformat(), "confirm": "1", **data},
    )


def test_independent_without_readiness_or_reason_is_refused_on_the_form(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember, admit_days_ago=20)
    client.force_login(staff_jember)
    response = discharge(client, resident, reason="independent")
    assert response.status_code == 200
    assert "penilaian kesiapan" in response.content.decode()
    assert Case.objects.get(resident=resident).closed_on is None


def test_independent_with_a_written_reason_goes_on(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember, admit_days_ago=20)
    client.force_login(staff_jember)
    assert discharge(client, resident, reason="independent", notes="Diterima bekerja").status_code == 302
    assert Case.objects.get(resident=resident).termination_reason == "independent"


def test_other_reasons_need_no_readiness(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember, admit_days_ago=20)
    client.force_login(staff_jember)
    assert discharge(client, resident, reason="returned_to_family").status_code == 302


def test_the_resident_file_shows_readiness_and_the_case_work_tabs(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember, admit_days_ago=20)
    client.force_login(staff_jember)
    body = client.get(reverse("residents:detail", args=[resident.pk])).content.decode()
    assert 'data-testid="readiness"' in body and "belum dinilai" in body
    assert 'data-testid="rehab-tabs"' in body
    assert reverse("rehabilitation:assessment", args=[resident.pk]) in body
    assert reverse("tracks:resident", args=[resident.pk]) in body
