"""Flows over the last 12 months: figures from the census, SVG charts, links and scope."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import InstitutionFactory
from tests.residents.conftest import ResidentFactory, admit

from .fixtures import march

pytestmark = pytest.mark.django_db

URL = reverse("reports_flows")


def test_flows_show_twelve_months_with_the_census_of_each(client, supervisor_jatim, jember, tuban):
    march(jember, tuban)
    client.force_login(supervisor_jatim)
    response = client.get(URL, {"month": "2025-04"})
    rows = response.context["report"].rows
    assert [str(r.month) for r in rows][0::11] == ["2024-05", "2025-04"]
    by_month = {str(r.month): r for r in rows}
    assert (
        by_month["2025-03"].admissions,
        by_month["2025-03"].transfers_in,
        by_month["2025-03"].resident_days,
    ) == (
        3,
        1,
        105,
    )
    body = response.content.decode()
    assert body.count('data-testid="chart"') == 2 and "<rect" in body
    # SVG numbers are never written the Indonesian way (25,0 would not draw).
    coordinates = re.findall(r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"', body)
    assert len(coordinates) == 12 + 24 and all(float(v) >= 0 for c in coordinates for v in c)
    assert "flow=admissions&amp;flow_month=2025-03" in body


def test_flows_of_one_institution_and_its_scope(client, staff_jember, jember, tuban):
    march(jember, tuban)
    client.force_login(staff_jember)
    response = client.get(URL, {"month": "2025-03", "institution": "upt-jbr"})
    assert response.context["report"].rows[-1].resident_days == 87
    assert "institution=UPT-JBR&amp;flow=admissions" in response.content.decode()
    assert client.get(URL, {"institution": "UPT-TBN"}).status_code == 404
    assert client.get(URL, {"region": "35"}).status_code == 404


def test_flows_query_count_does_not_grow_with_institutions(client, admin_user, django_assert_num_queries):
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(5):
        institution = InstitutionFactory(code=f"UPT-FL{n}")
        admit(ResidentFactory(registered_at=institution), institution)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(URL)
