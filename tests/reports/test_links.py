"""Figures of the occupancy and flows pages link to the residents list of the same people,
for any day: the list's present_on, region and flow filters (validated, scoped)."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from apps.residents.models import Resident
from tests.factories import staff_of

from .fixtures import march

pytestmark = pytest.mark.django_db


def names(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    return set(
        Resident.objects.filter(pk__in=[r.pk for r in response.context["rows"]]).values_list(
            "full_name", flat=True
        )
    )


def links(body: str, testid: str | None = None) -> list[str]:
    pattern = r'href="(/residents/\?[^"]*)"' + (f' data-testid="{testid}"' if testid else "")
    return [unescape(url) for url in re.findall(pattern, body)]


def pm(*letters) -> set[str]:
    return {f"PM {letter}" for letter in letters}


def test_a_past_day_links_region_rows_and_the_total_to_who_was_present(
    client, supervisor_jatim, jember, tuban
):
    march(jember, tuban)
    client.force_login(supervisor_jatim)
    body = client.get(reverse("reports_occupancy"), {"date": "2025-03-01"}).content.decode()
    row_links = links(body, "residents-link")
    # Jawa Timur's kab/kota: Jember (35.09) and Tuban (35.23).
    assert row_links == [
        "/residents/?region=35.09&present_on=2025-03-01",
        "/residents/?region=35.23&present_on=2025-03-01",
    ]
    # On 1 March Jember holds A, B, D, F (C left that day); Tuban nobody yet.
    assert names(client, row_links[0]) == pm("A", "B", "D", "F")
    assert names(client, row_links[1]) == set()
    assert names(client, "/residents/?region=35&present_on=2025-03-01") == pm("A", "B", "D", "F")
    assert "/residents/?region=35&amp;present_on=2025-03-01" in body


def test_institution_rows_of_a_past_day_link_to_who_was_there(client, supervisor_jatim, jember, tuban):
    march(jember, tuban)
    client.force_login(supervisor_jatim)
    body = client.get(
        reverse("reports_occupancy"), {"date": "2025-03-20", "region": "35.23"}
    ).content.decode()
    (url,) = links(body, "residents-link")
    assert url == "/residents/?institution=UPT-TBN&present_on=2025-03-20"
    assert names(client, url) == pm("D", "G")


def test_every_flow_figure_links_to_the_people_it_counts(client, supervisor_jatim, jember, tuban):
    march(jember, tuban)
    client.force_login(supervisor_jatim)
    body = client.get(
        reverse("reports_flows"), {"month": "2025-03", "institution": "UPT-JBR"}
    ).content.decode()
    march_row = body[body.index('data-month="2025-03"') :].split("</tr>")[0]
    urls = links(march_row)
    assert [names(client, url) for url in urls] == [
        pm("A", "C", "D", "F"),  # opening: present on 28 February
        pm("B", "E"),  # admissions
        set(),  # transfers in
        pm("D"),  # transfers out
        pm("B", "C"),  # discharges
        pm("A", "E", "F"),  # closing: present on 31 March
    ]
    tuban_body = client.get(
        reverse("reports_flows"), {"month": "2025-03", "region": "35.23"}
    ).content.decode()
    tuban_row = tuban_body[tuban_body.index('data-month="2025-03"') :].split("</tr>")[0]
    assert [names(client, url) for url in links(tuban_row)][1:5] == [pm("G"), pm("D"), set(), pm("G")]


def test_the_filters_stay_inside_the_users_scope(client, jember, tuban):
    march(jember, tuban)
    client.force_login(staff_of(tuban, username="staf_tuban2"))
    # Jember's residents who never were at Tuban stay out of the Tuban staff's list.
    assert names(client, "/residents/?region=35.09&present_on=2025-03-01") == pm("D")
    assert names(client, "/residents/?region=35.09&flow=admissions&flow_month=2025-03") == set()
    # Another institution's code is not a choice for them (the list then filters nothing new).
    response = client.get("/residents/?institution=UPT-JBR&flow=admissions&flow_month=2025-03")
    assert "institution" in response.context["filter"].errors


@pytest.mark.parametrize(
    "query", ["region=35%25&present_on=2025-03-01", "flow=admissions&flow_month=2025-13"]
)
def test_a_malformed_filter_is_refused_by_the_form(client, supervisor_jatim, jember, tuban, query):
    march(jember, tuban)
    client.force_login(supervisor_jatim)
    response = client.get(f"/residents/?{query}")
    assert response.status_code == 200
    assert not response.context["filter"].is_valid()


def test_age_band_with_a_day_uses_the_age_on_that_day(client, supervisor_jatim, jember, tuban):
    people = march(jember, tuban)
    Resident.objects.filter(pk=people["A"].pk).update(birth_date=date(2007, 3, 10))  # 18 on 10 March 2025
    client.force_login(supervisor_jatim)
    assert "PM A" in names(client, "/residents/?present_on=2025-03-01&age=6-17")
    assert "PM A" not in names(client, "/residents/?present_on=2025-03-20&age=6-17")


def test_a_staff_members_flows_link_to_their_only_institution(client, jember, tuban):
    march(jember, tuban)
    client.force_login(staff_of(jember, username="staf_jember2"))
    body = client.get(reverse("reports_flows"), {"month": "2025-03"}).content.decode()
    march_row = body[body.index('data-month="2025-03"') :].split("</tr>")[0]
    urls = links(march_row)
    assert all("institution=UPT-JBR&" in url for url in urls)
    # D went on to Tuban: Jember's closing lists A, E and F only.
    assert names(client, urls[-1]) == pm("A", "E", "F")
