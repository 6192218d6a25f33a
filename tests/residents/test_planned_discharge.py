"""Admission sets the planned discharge date; a transfer carries it to the next placement."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from apps.institutions.models import Institution
from apps.residents import services
from apps.residents.forms import AdmitForm
from apps.residents.services import InvalidData

pytestmark = pytest.mark.django_db

D = date(2025, 6, 2)


def test_admission_records_the_planned_discharge_date(staff_jember, jember, resident):
    placement = services.case_admit(
        actor=staff_jember,
        resident=resident,
        institution=jember,
        on=D,
        referral_source="razia",
        planned_discharge_on=D + timedelta(days=90),
    )
    placement.refresh_from_db()
    assert placement.planned_discharge_on == D + timedelta(days=90)


def test_the_planned_date_may_be_the_admission_day_but_not_before(staff_jember, jember, resident):
    with pytest.raises(InvalidData) as exc:
        services.case_admit(
            actor=staff_jember,
            resident=resident,
            institution=jember,
            on=D,
            referral_source="razia",
            planned_discharge_on=D - timedelta(days=1),
        )
    assert "planned_discharge_on" in exc.value.errors
    placement = services.case_admit(
        actor=staff_jember,
        resident=resident,
        institution=jember,
        on=D,
        referral_source="razia",
        planned_discharge_on=D,
    )
    assert placement.planned_discharge_on == D


def test_without_a_plan_the_date_stays_empty(staff_jember, jember, resident):
    placement = services.case_admit(
        actor=staff_jember, resident=resident, institution=jember, on=D, referral_source="razia"
    )
    assert placement.planned_discharge_on is None


def test_a_transfer_copies_the_plan_to_the_new_placement(staff_jember, jember, tuban, resident):
    planned = D + timedelta(days=60)
    first = services.case_admit(
        actor=staff_jember,
        resident=resident,
        institution=jember,
        on=D,
        referral_source="razia",
        planned_discharge_on=planned,
    )
    second = services.placement_transfer(
        actor=staff_jember, placement=first, to_institution=tuban, on=D + timedelta(days=10)
    )
    assert second.planned_discharge_on == planned


def test_the_form_refuses_a_plan_before_the_admission_day(jember):
    data = {
        "institution": jember.pk,
        "on": "2025-06-02",
        "referral_source": "razia",
        "planned_discharge_on": "2025-06-01",
    }
    form = AdmitForm(data, institutions=Institution.objects.all(), can_approve_over_capacity=False)
    assert not form.is_valid()
    assert "planned_discharge_on" in form.errors
    data["planned_discharge_on"] = ""
    form = AdmitForm(data, institutions=Institution.objects.all(), can_approve_over_capacity=False)
    assert form.is_valid(), form.errors


def test_the_admission_page_saves_the_plan(client, staff_jember, jember, resident):
    client.force_login(staff_jember)
    url = reverse("residents:admit", args=[resident.pk])
    assert 'name="planned_discharge_on"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "institution": jember.pk,
            "on": "2025-06-02",
            "referral_source": "razia",
            "planned_discharge_on": "2025-09-30",
        },
    )
    assert response.status_code == 302
    assert resident.placements.get().planned_discharge_on == date(2025, 9, 30)
