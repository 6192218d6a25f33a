"""The stage gates hold on the residents' own stage form too, not only on the
rehabilitation page."""

import pytest
from django.urls import reverse

from apps.residents.models import Case
from tests.residents.views.conftest import make_resident

pytestmark = pytest.mark.django_db


def set_stage(client, resident, stage):
    return client.post(reverse("residents:stage", args=[resident.pk]), {"stage": stage})


def test_leaving_asesmen_without_a_completed_assessment_is_refused_on_the_residents_form(
    client, staff_jember, jember
):
    resident = make_resident(jember, staff_jember)
    client.force_login(staff_jember)
    assert set_stage(client, resident, "asesmen").status_code == 302
    response = set_stage(client, resident, "rencana_intervensi")
    assert response.status_code == 200
    assert "asesmen yang selesai" in response.content.decode()
    assert Case.objects.get(resident=resident).stage == "asesmen"


def test_moving_back_on_the_residents_form_points_to_the_page_that_asks_why(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember)
    client.force_login(staff_jember)
    set_stage(client, resident, "asesmen")
    response = set_stage(client, resident, "pendekatan_awal")
    assert "memerlukan alasan" in response.content.decode()
    assert Case.objects.get(resident=resident).stage == "asesmen"
