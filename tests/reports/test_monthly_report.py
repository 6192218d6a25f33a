"""The monthly report: the head submits, a snapshot is kept, a back-dated change shows as a revision."""

from datetime import date
from io import BytesIO

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.errors import DomainError
from apps.reports import services
from apps.reports.census import Month
from apps.reports.models import MonthlyReport
from tests.residents.conftest import ResidentFactory, admit

from .fixtures import march

pytestmark = pytest.mark.django_db

MARCH = Month(2025, 3)


def page(client, user, code="UPT-JBR", month="2025-03"):
    client.force_login(user)
    return reverse("reports_monthly", args=[code, month])


def test_head_submits_and_the_snapshot_keeps_the_figures(client, head_jember, jember, tuban):
    march(jember, tuban)
    url = page(client, head_jember)
    response = client.post(url, {"notes": "Atap wisma bocor.", "action": "submit"})
    assert response.status_code == 302
    report = MonthlyReport.objects.get(institution=jember, month=date(2025, 3, 1))
    assert (report.submitted_by, report.notes, report.submissions) == (head_jember, "Atap wisma bocor.", 1)
    assert report.snapshot["closing"] == 3 and report.snapshot["resident_days"] == 87
    body = client.get(url).content.decode()
    assert "Dikirim oleh" in body and 'data-testid="revised"' not in body
    assert "Kembali ke keluarga" in body


def test_a_back_dated_admission_shows_as_a_revision_to_the_supervisor(
    client, head_jember, supervisor_jatim, jember
):
    services.monthly_report_submit(actor=head_jember, institution=jember, month=MARCH, notes="")
    admit(ResidentFactory(registered_at=jember), jember, on=date(2025, 3, 30))
    response = client.get(page(client, supervisor_jatim))
    row = response.context["row"]
    assert row.changes == [("admissions", 0, 1), ("closing", 0, 1), ("resident_days", 0, 2)]
    assert 'data-testid="revised"' in response.content.decode()
    region = client.get(reverse("reports_monthly_region", args=["2025-03"]), {"region": "35"})
    assert "revisi" in region.content.decode()
    assert [r.is_revised for r in region.context["rows"]] == [True]


def test_staff_cannot_submit_but_may_write_notes(client, staff_jember, jember):
    url = page(client, staff_jember)
    client.post(url, {"notes": "Draf", "action": "save"})
    report = MonthlyReport.objects.get(institution=jember)
    assert (report.notes, report.is_submitted) == ("Draf", False)
    response = client.post(url, {"notes": "Draf", "action": "submit"})
    assert "Hanya kepala lembaga" in response.content.decode()


def test_a_month_not_yet_ended_cannot_be_submitted(head_jember, jember):
    with pytest.raises(DomainError, match="setelah bulannya berakhir"):
        services.monthly_report_submit(actor=head_jember, institution=jember, month=Month(2999, 1), notes="")


def test_another_institutions_month_is_not_found(client, staff_tuban, jember):
    assert client.get(page(client, staff_tuban)).status_code == 404
    assert client.get(reverse("reports_monthly_export", args=["UPT-JBR", "2025-03"])).status_code == 404


def test_one_report_per_institution_and_month(head_jember, jember):
    MonthlyReport.objects.create(institution=jember, month=date(2025, 3, 1))
    with pytest.raises(IntegrityError) as exc:
        MonthlyReport.objects.create(institution=jember, month=date(2025, 3, 1))
    assert exc.value.__cause__.diag.constraint_name == "monthly_report_one_per_month"


def test_xlsx_per_institution_and_per_region(client, head_jember, supervisor_jatim, jember, tuban):
    march(jember, tuban)
    services.monthly_report_submit(actor=head_jember, institution=jember, month=MARCH, notes="=1+1")
    client.force_login(supervisor_jatim)
    response = client.get(reverse("reports_monthly_export", args=["UPT-JBR", "2025-03"]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][1:12] == ("UPT-JBR", 3, 4, 2, 0, 1, 2, 3, 87, 2.8, 93.5)
    assert rows[2][-1] == "'=1+1"
    response = client.get(
        reverse("reports_monthly_region", args=["2025-03"]), {"region": "35", "format": "xlsx"}
    )
    codes = [
        r[1] for r in list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))[2:]
    ]
    assert codes == ["UPT-JBR", "UPT-TBN"]


def test_region_page_query_count_does_not_grow(client, supervisor_jatim, django_assert_num_queries):
    from tests.factories import InstitutionFactory

    client.force_login(supervisor_jatim)
    url = reverse("reports_monthly_region", args=["2025-03"])
    InstitutionFactory(code="UPT-M0")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(1, 6):
        InstitutionFactory(code=f"UPT-M{n}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 6
