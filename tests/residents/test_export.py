"""Export of the filtered residents list to XLSX and CSV: content, NIK masking, access log, scoping."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.core import jobs
from apps.core.models import Job
from apps.residents.models import AccessLog
from tests.factories import UserFactory, category, staff_of
from tests.residents.views.conftest import make_resident

pytestmark = pytest.mark.django_db

NIK = "3509014101500001"


@pytest.fixture
def residents(jember, staff_jember, tuban, staff_tuban):
    siti = make_resident(
        jember, staff_jember, name="Siti Aminah", sex="P", nik=NIK, birth_date=date(1950, 1, 1)
    )
    formula = make_resident(
        jember, staff_jember, name="=HYPERLINK(1)", admit_days_ago=None, welfare_category=category("PD")
    )
    joko = make_resident(tuban, staff_tuban, name="Joko Susilo")
    return siti, formula, joko


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_csv_export_has_the_visible_filtered_rows_and_full_nik_for_staff(client, staff_jember, residents):
    client.force_login(staff_jember)
    response = client.get(reverse("residents:export", args=["csv"]), {"category": category("LUT").pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][:4] == ["No. registrasi", "Nama lengkap", "Nama panggilan", "NIK"]
    assert [r[1] for r in rows[1:]] == ["Siti Aminah"]  # the filter applies; Tuban's PM is not visible
    assert rows[1][3] == NIK
    assert rows[1][10] == "UPT PSTW Jember"
    assert rows[1][11] == "Dalam panti"


def test_xlsx_export_masks_nik_for_supervisor(client, supervisor_jatim, residents):
    client.force_login(supervisor_jatim)
    response = client.get(reverse("residents:export", args=["xlsx"]))
    assert response.status_code == 200
    rows = xlsx_rows(response)
    by_name = {r[1]: r for r in rows[1:]}
    assert set(by_name) == {"Siti Aminah", "'=HYPERLINK(1)", "Joko Susilo"}
    assert by_name["Siti Aminah"][3] == "************0001"
    assert NIK.encode() not in response.content


def test_export_neutralises_formulas(client, staff_jember, residents):
    client.force_login(staff_jember)
    rows = csv_rows(client.post(reverse("residents:export", args=["csv"]), {"q": "hyperlink"}))
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][11] == "Luar panti"


def test_export_is_logged_with_count_format_and_filter_names_only(client, staff_jember, residents):
    client.force_login(staff_jember)
    response = client.post(reverse("residents:export", args=["csv"]), {"q": "Siti", "sex": "P", "page": "2"})
    b"".join(response.streaming_content)
    log = AccessLog.objects.get(action="export")
    assert log.user == staff_jember
    assert log.detail == {"count": 1, "format": "csv", "filters": ["q", "sex"]}
    assert "Siti" not in str(log.detail)


def test_export_is_refused_to_a_user_without_the_right(client, jember, residents):
    client.force_login(UserFactory())
    assert client.get(reverse("residents:export", args=["xlsx"])).status_code == 403
    assert not AccessLog.objects.exists()


def test_unknown_export_format_is_not_found(client, staff_jember):
    client.force_login(staff_jember)
    assert client.get("/residents/export.pdf").status_code == 404


def test_export_links_are_shown_only_with_the_right(client, staff_jember, residents):
    client.force_login(staff_jember)
    assert b'data-testid="export-xlsx"' in client.get(reverse("residents:list")).content
    client.force_login(UserFactory())
    assert b'data-testid="export-xlsx"' not in client.get(reverse("residents:list")).content


def test_export_query_count_does_not_grow_with_rows(client, staff_jember, jember, django_assert_num_queries):
    jember.capacity = 50
    jember.save(update_fields=["capacity"])
    for n in range(3):
        make_resident(jember, staff_jember, name=f"Penghuni {n}")
    client.force_login(staff_jember)
    url = reverse("residents:export", args=["xlsx"])
    # session, user, scopes, visible institution ids, roles, count, access log,
    # rows (in a cursor), session refresh (3)
    with django_assert_num_queries(11):
        assert len(xlsx_rows(client.get(url))) == 4
    for n in range(3, 9):
        make_resident(jember, staff_jember, name=f"Penghuni {n}")
    with django_assert_num_queries(11):
        assert len(xlsx_rows(client.get(url))) == 10


# --- large exports in the background -----------------------------------------------------------


def run_latest_job() -> Job:
    job = Job.objects.latest("id")
    jobs.job_run(job.pk)
    job.refresh_from_db()
    return job


def test_a_long_xlsx_export_runs_in_the_background_and_is_downloaded_by_its_owner(
    client, staff_jember, residents, settings
):
    settings.EXPORT_INLINE_LIMIT = 0
    client.force_login(staff_jember)
    response = client.post(reverse("residents:export", args=["xlsx"]), {"q": "a", "sex": "P", "page": "2"})
    job = Job.objects.get(kind="residents_export")
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    assert job.params["filters"] == {"q": ["a"], "sex": ["P"]}
    log = AccessLog.objects.get(action="export")
    assert log.detail == {"count": 1, "format": "xlsx", "filters": ["q", "sex"]}
    job = run_latest_job()
    assert job.status == "done"
    assert job.params["filters"] == {"sex": ["P"]}  # the search text left the job once it ran
    download = reverse("residents:export_download", args=[job.pk])
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "attachment;" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    assert [r[1] for r in rows[1:]] == ["Siti Aminah"]
    assert rows[1][3] == NIK


def test_a_short_export_and_csv_stay_on_the_request(client, staff_jember, residents, settings):
    settings.EXPORT_INLINE_LIMIT = 2
    client.force_login(staff_jember)
    assert client.get(reverse("residents:export", args=["xlsx"])).status_code == 200
    settings.EXPORT_INLINE_LIMIT = 1
    response = client.get(reverse("residents:export", args=["csv"]))
    assert response.status_code == 200 and len(csv_rows(response)) == 3
    assert not Job.objects.exists()


def test_another_users_export_is_not_found(
    client, staff_jember, staff_tuban, admin_user, residents, settings
):
    settings.EXPORT_INLINE_LIMIT = 0
    client.force_login(staff_jember)
    client.get(reverse("residents:export", args=["xlsx"]))
    job = run_latest_job()
    download = reverse("residents:export_download", args=[job.pk])
    for other in (
        staff_tuban,
        staff_of(job.created_by.memberships.get().institution, username="rekan"),
        admin_user,
    ):
        client.force_login(other)
        assert client.get(download).status_code == 404


def test_the_download_costs_a_constant_number_of_queries(
    client, staff_jember, residents, settings, django_assert_num_queries
):
    settings.EXPORT_INLINE_LIMIT = 0
    client.force_login(staff_jember)
    client.get(reverse("residents:export", args=["xlsx"]))
    job = run_latest_job()
    # session, user, job, supervised regions, roles, session refresh (3)
    with django_assert_num_queries(8):
        response = client.get(reverse("residents:export_download", args=[job.pk]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
