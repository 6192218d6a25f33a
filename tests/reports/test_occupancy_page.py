"""The occupancy dashboard: levels, totals, flags, sorting, breakdowns, scope and query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import InstitutionFactory, category, supervisor_of
from tests.residents.conftest import ResidentFactory, admit

from .fixtures import march

pytestmark = pytest.mark.django_db

URL = reverse("reports_occupancy")
DAY = "2025-03-15"


def page(client, user, **params):
    client.force_login(user)
    return client.get(URL, {"date": DAY, **params})


def rows(response):
    return {
        r.key: (r.label, r.occupancy.capacity, r.occupancy.residents)
        for r in response.context["dashboard"].rows
    }


def test_administrator_starts_with_the_provinces_and_their_total(client, admin_user, jember, tuban, semarang):
    march(jember, tuban)
    response = page(client, admin_user)
    assert rows(response) == {"33": ("Jawa Tengah", 5, 0), "35": ("Jawa Timur", 8, 3)}
    total = response.context["dashboard"].total
    assert (total.capacity, total.residents, total.institutions, str(total.occupancy_pct)) == (
        13,
        3,
        3,
        "23.1",
    )


def test_supervisor_drills_from_province_to_regency_to_institutions(
    client, supervisor_jatim, jember, tuban, semarang
):
    march(jember, tuban)
    response = page(client, supervisor_jatim)
    assert response.context["dashboard"].level == "regency"
    assert {key: value[1:] for key, value in rows(response).items()} == {"35.09": (3, 2), "35.23": (5, 1)}
    assert 'region=35.09"' in response.content.decode()
    response = page(client, supervisor_jatim, region="35.09")
    assert response.context["dashboard"].level == "institution"
    assert rows(response) == {str(jember.pk): ("UPT PSTW Jember", 3, 2)}
    assert [r.name for r in response.context["dashboard"].trail] == ["Jawa Timur", "Kabupaten Jember"]


def test_over_capacity_and_under_used_institutions_are_flagged(client, supervisor_jatim, jember, tuban):
    march(jember, tuban)
    response = page(client, supervisor_jatim, region="35", date="2025-03-01")
    by_key = {r.key: r.occupancy for r in response.context["dashboard"].rows}
    assert (by_key["35.09"].over_capacity, by_key["35.23"].under_used) == (1, 1)
    body = page(client, supervisor_jatim, region="35.09", date="2025-03-01").content.decode()
    assert "melebihi kapasitas" in body and "133,3%" in body
    # An empty institution is at 0,0%, not "unknown".
    assert "0,0%" in page(client, supervisor_jatim, region="35.23").content.decode()


def test_rows_sort_by_occupancy_either_way(client, admin_user, jember, tuban):
    march(jember, tuban)
    response = page(client, admin_user, region="35", sort="-occupancy")
    assert [r.key for r in response.context["dashboard"].rows] == ["35.09", "35.23"]
    response = page(client, admin_user, region="35", sort="occupancy")
    assert [r.key for r in response.context["dashboard"].rows] == ["35.23", "35.09"]


def test_breakdowns_count_the_residents_present_by_category_sex_age_kind_and_operator(
    client, staff_jember, jember
):
    admit(
        ResidentFactory(registered_at=jember, sex="P", birth_date=date(2015, 1, 1)),
        jember,
        on=date(2025, 1, 1),
    )
    anak = ResidentFactory(registered_at=jember, birth_date=None, welfare_category=category("AT"))
    admit(anak, jember, on=date(2025, 1, 1))
    client.force_login(staff_jember)
    response = client.get(reverse("reports_occupancy_breakdowns"), {"date": DAY, "single": "UPT-JBR"})
    breakdowns = response.context["breakdowns"]
    assert [(s.value, s.residents) for s in breakdowns["sex"]] == [("L", 1), ("P", 1)]
    assert [(s.value, s.residents) for s in breakdowns["age"]] == [("6-17", 1), ("", 1)]
    assert [(s.label[:3], s.residents) for s in breakdowns["category"]] == [("AT ", 1), ("LUT", 1)]
    assert [(s.value, s.residents) for s in breakdowns["kind"]] == [("UPT", 2)]
    assert [(s.value, s.residents) for s in breakdowns["operator"]] == [("province", 2)]


def test_staff_see_their_institution_linked_to_its_residents_today(client, staff_jember, jember, tuban):
    admit(ResidentFactory(registered_at=jember), jember, on=date(2025, 1, 1))
    client.force_login(staff_jember)
    response = client.get(URL)
    assert list(rows(response)) == [str(jember.pk)]
    today = timezone.localdate().isoformat()
    assert f"/residents/?institution=UPT-JBR&amp;present_on={today}" in response.content.decode()


@pytest.mark.parametrize("region", ["33", "35.09", "99"])
def test_a_region_outside_the_scope_or_unknown_is_not_found(client, staff_jember, region):
    assert page(client, staff_jember, region=region).status_code == 404


def test_a_supervisor_of_a_regency_cannot_open_the_province(client, jember):
    supervisor = supervisor_of("35.09", username="pengawas_jember")
    assert page(client, supervisor, region="35").status_code == 404
    assert page(client, supervisor).context["dashboard"].region.code == "35.09"


def grow(n):
    for i in range(n):
        institution = InstitutionFactory(region_id="35.09" if i % 2 else "35.78")
        admit(ResidentFactory(registered_at=institution), institution, on=date(2025, 1, 1))


@pytest.mark.parametrize("region", ["", "35", "35.09"])
def test_query_count_does_not_grow_with_institutions(client, admin_user, region, django_assert_num_queries):
    grow(3)
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"date": DAY, "region": region})
    grow(8)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"date": DAY, "region": region})
    assert response.context["dashboard"].total.institutions == {"": 11, "35": 11, "35.09": 5}[region]
    # session (read, save: 3), user, (region, scopes), occupancy, names, who, categories, demo flag.
    assert len(few.captured_queries) <= 12


def test_the_dashboard_speaks_english_through_the_language_switch(client, supervisor_jatim, jember):
    from django.conf import settings

    client.force_login(supervisor_jatim)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(URL).content.decode()
    assert "Institution occupancy" in body and "Who the residents are" in body and "Under-used (<60%)" in body


def test_breakdowns_load_after_the_page_and_keep_its_scope(client, staff_jember, jember):
    admit(ResidentFactory(registered_at=jember), jember, on=date(2025, 1, 1))
    body = page(client, staff_jember).content.decode()
    assert 'hx-get="/reports/occupancy/breakdowns/?date=2025-03-15&amp;single=UPT-JBR"' in body
    url = reverse("reports_occupancy_breakdowns")
    today = client.get(url, {"single": "UPT-JBR"}).content.decode()
    day = timezone.localdate().isoformat()
    assert f"/residents/?institution=UPT-JBR&amp;present_on={day}&amp;sex=L" in today
    assert client.get(url, {"region": "33"}).status_code == 404
