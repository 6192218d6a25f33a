"""Open data: public monthly figures per institution, small counts shown as <5, a setting to stop it."""

import json

import pytest
from django.urls import reverse

from apps.reports.open_data import suppress
from tests.residents.conftest import ResidentFactory, admit

from .fixtures import march

pytestmark = pytest.mark.django_db


def url(fmt="csv", month="2025-03"):
    return reverse("open_data_census", kwargs={"month": month, "fmt": fmt})


def test_counts_from_one_to_four_are_published_as_less_than_five():
    assert [suppress(n) for n in (0, 1, 4, 5, 12)] == [0, "<5", "<5", 5, 12]


def test_csv_needs_no_login_and_holds_no_personal_data(client, jember, tuban):
    people = march(jember, tuban)
    response = client.get(url())
    assert response.status_code == 200
    text = response.content.decode()
    assert text.splitlines() == [
        "month,institution_code,institution_name,kind,operator,region_code,capacity,average_census,"
        "admissions,discharges",
        "2025-03,UPT-JBR,UPT PSTW Jember,UPT,province,35.09,3,2.8,<5,<5",
        "2025-03,UPT-TBN,UPT PSBG Tuban,UPT,province,35.23,5,0.6,<5,<5",
    ]
    assert all(p.full_name not in text for p in people.values())


def test_json_has_numbers_and_five_or_more_as_they_are(client, jember):
    from datetime import date

    for _ in range(6):
        admit(ResidentFactory(registered_at=jember), jember, on=date(2025, 3, 2))
    (row,) = json.loads(client.get(url("json")).content)
    assert (row["admissions"], row["discharges"], row["average_census"]) == (6, 0, 5.8)


def test_the_setting_turns_it_off(client, settings, jember):
    settings.OPEN_DATA_ENABLED = False
    assert client.get(url()).status_code == 404


def test_a_future_month_is_not_found(client, jember):
    assert client.get(url(month="2999-01")).status_code == 404
