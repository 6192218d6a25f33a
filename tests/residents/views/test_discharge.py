"""Discharge (terminasi) in two steps: the form, then a confirmation that repeats it; and a
closed case's file offers no stage change and no events."""

import pytest
from django.urls import reverse

from apps.residents.models import Case, Placement
from tests.residents.views.conftest import make_resident, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(jember, staff_jember):
    return make_resident(jember, staff_jember, admit_days_ago=20)


def post(client, resident, **data):
    return client.post(
        reverse("residents:discharge", args=[resident.pk]), {"on": today().isoformat(), **data}
    )


def test_a_valid_form_shows_the_confirmation_and_writes_nothing(client, staff_jember, resident):
    client.force_login(staff_jember)
    response = post(client, resident, reason="returned_to_family", notes="Dijemput anaknya")
    assert response.status_code == 200
    page = response.content.decode()
    assert "residents/discharge_confirm.html" in [t.name for t in response.templates]
    assert resident.full_name in page and resident.registration_no in page
    assert "Kembali ke keluarga" in page and "Dijemput anaknya" in page
    assert "Ya, terminasi" in page and 'name="confirm" value="1"' in page
    # The house date format, e.g. 3 Maret 2026.
    from apps.core.formatting import tanggal

    assert tanggal(today()) in page
    assert Case.objects.get(resident=resident).closed_on is None
    assert Placement.objects.get(resident=resident).end is None


def test_the_confirmation_closes_the_case(client, staff_jember, resident):
    client.force_login(staff_jember)
    response = post(client, resident, reason="returned_to_family", notes="Dijemput", confirm="1")
    assert response.status_code == 302
    case = Case.objects.get(resident=resident)
    assert (case.closed_on, case.termination_reason, case.termination_notes) == (
        today(),
        "returned_to_family",
        "Dijemput",
    )


def test_back_returns_to_the_form_filled_in_and_writes_nothing(client, staff_jember, resident):
    client.force_login(staff_jember)
    response = post(client, resident, reason="independent", notes="Bekerja", confirm="1", back="1")
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound
    assert form.initial["reason"] == "independent" and form.initial["notes"] == "Bekerja"
    assert Case.objects.get(resident=resident).closed_on is None


def test_other_reason_needs_a_note_on_the_form(client, staff_jember, resident):
    client.force_login(staff_jember)
    response = post(client, resident, reason="other", notes="  ", confirm="1")
    assert response.status_code == 200
    assert response.context["form"].errors["notes"] == ['Alasan "Lainnya" perlu catatan yang menjelaskannya.']
    assert Case.objects.get(resident=resident).closed_on is None


def test_a_refusal_of_the_service_returns_to_the_form_without_the_confirm_flag(
    client, staff_jember, resident
):
    client.force_login(staff_jember)
    long_ago = today().replace(year=today().year - 5)
    response = post(client, resident, on=long_ago.isoformat(), reason="independent", notes="x", confirm="1")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tanggal terminasi sebelum kasus dibuka" in page
    assert 'name="confirm"' not in page


def test_the_confirmation_page_keeps_its_queries(client, staff_jember, resident, django_assert_num_queries):
    client.force_login(staff_jember)
    # session, user, scopes, visible institution ids, resident, open case, roles (permission),
    # demo flag, session refresh (3); nothing written
    with django_assert_num_queries(11):
        response = post(client, resident, reason="returned_to_family")
    assert response.status_code == 200


def test_another_institutions_staff_get_404_on_the_confirmation(client, staff_tuban, resident):
    client.force_login(staff_tuban)
    assert post(client, resident, reason="returned_to_family", confirm="1").status_code == 404
    assert Case.objects.get(resident=resident).closed_on is None


def test_a_closed_case_offers_no_stage_change_and_no_events(client, staff_jember, resident):
    client.force_login(staff_jember)
    post(client, resident, reason="returned_to_family", confirm="1")
    page = client.get(reverse("residents:detail", args=[resident.pk])).content.decode()
    for name in ("stage", "event_add", "discharge"):
        assert reverse(f"residents:{name}", args=[resident.pk]) not in page
    assert client.get(reverse("residents:stage", args=[resident.pk])).status_code == 403
    assert client.get(reverse("residents:event_add", args=[resident.pk])).status_code == 403
