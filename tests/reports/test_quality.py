"""Data quality per institution: gaps in identity data, the last record, late monthly reports."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.institutions.models import Institution
from apps.reports.census import Month
from apps.reports.models import MonthlyReport
from apps.reports.quality import MONTHS, deadline, quality_by_institution
from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def test_shares_of_residents_without_nik_or_birth_date_or_with_an_estimate(jember, tuban, head_jember):
    admit(ResidentFactory(registered_at=jember, nik=None, birth_date=None), jember, on=date(2025, 1, 1))
    admit(
        ResidentFactory(registered_at=jember, nik=None, birth_date_estimated=True),
        jember,
        on=date(2025, 1, 1),
    )
    admit(ResidentFactory(registered_at=jember, nik="3509011203500001"), jember, on=date(2025, 1, 1))
    rows = quality_by_institution(Institution.objects.all(), timezone.localdate())
    assert [q.code for q in rows] == ["UPT-JBR", "UPT-TBN"]
    jbr = rows[0]
    assert (jbr.residents, str(jbr.without_nik_pct), str(jbr.without_birth_date_pct)) == (3, "66.7", "33.3")
    assert (str(jbr.estimated_birth_date_pct), str(jbr.any_gap_pct), jbr.days_since_last_record) == (
        "33.3",
        "66.7",
        0,
    )
    assert (rows[1].residents, rows[1].without_nik_pct, rows[1].days_since_last_record) == (0, None, None)


def test_months_not_submitted_by_the_tenth_are_late(jember, head_jember):
    today = timezone.localdate()
    last = Month.of(today).shift(-2)  # its deadline has passed
    on_time = datetime.combine(deadline(last), datetime.min.time(), JAKARTA) + timedelta(hours=20)
    MonthlyReport.objects.create(
        institution=jember, month=last.first, submitted_at=on_time, submitted_by=head_jember
    )
    late = last.shift(-1)
    too_late = datetime.combine(deadline(late) + timedelta(days=1), datetime.min.time(), JAKARTA)
    MonthlyReport.objects.create(
        institution=jember, month=late.first, submitted_at=too_late, submitted_by=head_jember
    )
    (row,) = quality_by_institution(Institution.objects.filter(pk=jember.pk), today)
    due = MONTHS if today > deadline(Month.of(today).shift(-1)) else MONTHS - 1
    assert row.late_months == due - 1


def test_quality_page_is_scoped_to_the_supervisors_region(client, supervisor_jatim, jember, semarang):
    client.force_login(supervisor_jatim)
    response = client.get(reverse("reports_quality"))
    assert [q.code for q in response.context["rows"]] == ["UPT-JBR"]
    assert client.get(reverse("reports_quality"), {"region": "33"}).status_code == 404
