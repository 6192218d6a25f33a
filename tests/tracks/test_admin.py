import pytest
from django.urls import reverse

from .conftest import make_line

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        "programme",
        "coursetype",
        "readinesscriterion",
        "budgetline",
        "disbursement",
        "course",
        "business",
        "kubegroup",
    ],
)
def test_administrators_open_every_tracks_list(client, admin_user, model):
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:tracks_{model}_changelist")).status_code == 200


def test_the_admin_keeps_the_allocation_above_what_is_disbursed(client, admin_user, jember, pm):
    from datetime import date

    from apps.tracks.models import Disbursement

    line = make_line(institution=jember)
    Disbursement.objects.create(
        line=line, institution=jember, kind="aid", amount=4_000, paid_on=date(2025, 3, 1), resident=pm
    )
    client.force_login(admin_user)
    data = {
        "fiscal_year": 2025, "code": line.code, "programme": line.programme_id, "institution": jember.pk,
        "name": line.name, "allocation": 3_999,
    }  # fmt: skip
    response = client.post(reverse("admin:tracks_budgetline_change", args=[line.pk]), data)
    assert response.status_code == 200
    assert "di bawah realisasi Rp 4.000" in response.content.decode()
    line.refresh_from_db()
    assert line.allocation == 10_000_000
