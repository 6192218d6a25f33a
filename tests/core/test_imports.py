"""Imports as background jobs: the upload pages, the template, Indonesian column labels."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.core import jobs
from apps.core.models import Job
from apps.institutions.models import Institution
from apps.surveys.models import SurveyResponse
from tests.factories import staff_of

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, url, rows, name="data.xlsx"):
    return client.post(url, {"file": SimpleUploadedFile(name, xlsx(rows), content_type=XLSX)})


def run_started_job() -> Job:
    job = Job.objects.latest("id")
    jobs.job_run(job.pk)
    job.refresh_from_db()
    return job


INSTITUTION_LABELS = ["Kode lembaga", "Nama lembaga", "Jenis", "Penyelenggara", "Kode wilayah", "Kapasitas"]


def test_an_administrator_imports_institutions_by_indonesian_headings(client, admin_user):
    client.force_login(admin_user)
    rows = [INSTITUTION_LABELS, ["LKSA-BARU", "LKSA Baru", "LKS", "community", "35.09", 20]]
    response = upload(client, reverse("institutions:import"), rows)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    job = run_started_job()
    assert job.status == "done" and job.result["errors"] == []
    assert Institution.objects.get(code="LKSA-BARU").capacity == 20
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "1 baru" in page


def test_a_file_with_bad_rows_lists_each_one_and_stores_nothing(client, admin_user):
    client.force_login(admin_user)
    rows = [
        INSTITUTION_LABELS,
        ["OK-1", "Satu", "LKS", "community", "35.09", 20],
        ["BAD", "Dua", "X", "y", "99", 0],
    ]
    upload(client, reverse("institutions:import"), rows)
    job = run_started_job()
    assert job.status == "done" and job.result["rejected"]
    assert {e["row"] for e in job.result["errors"]} == {3}
    assert not Institution.objects.filter(code="OK-1").exists()
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert 'data-testid="job-errors"' in page


def test_an_unreadable_file_fails_the_job_with_the_reason(client, admin_user):
    client.force_login(admin_user)
    client.post(reverse("institutions:import"), {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04 broken")})
    job = run_started_job()
    assert job.status == "failed" and job.error.startswith("Berkas tidak dapat dibaca")


def test_the_upload_page_refuses_other_file_types_before_queueing(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("institutions:import"), {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")})
    assert response.status_code == 200 and "Hanya berkas .xlsx atau .csv" in response.content.decode()
    assert not Job.objects.exists()


def test_only_administrators_import_institutions(client, staff_jember, supervisor_jatim):
    for user in (staff_jember, supervisor_jatim):
        client.force_login(user)
        assert client.get(reverse("institutions:import")).status_code == 403
        assert client.get(reverse("institutions:import_template")).status_code == 403


def test_the_template_lists_the_columns_and_the_allowed_values(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("institutions:import_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    data = workbook.worksheets[0]
    assert [c.value for c in data[1]] == [
        "code",
        "name",
        "kind",
        "operator",
        "region_code",
        "capacity",
        "address",
        "phone",
    ]
    values = [c.value for s in workbook.worksheets[1:] for r in s.iter_rows() for c in r if c.value]
    assert {"UPT", "LKS", "province", "community", "35.09"} <= set(values)


def test_staff_import_paper_questionnaires_of_their_own_institution_only(client, staff_jember, jember, tuban):
    client.force_login(staff_jember)
    header = ["Kode lembaga", "Tanggal isi", *[f"u{n}" for n in range(1, 10)]]
    rows = [header, [jember.code, "2026-10-05", *[3] * 9], [tuban.code, "2026-10-05", *[3] * 9]]
    upload(client, reverse("surveys:import", args=[jember.code]), rows)
    job = run_started_job()
    assert [e["row"] for e in job.result["errors"]] == [3]
    assert not SurveyResponse.objects.exists()
    upload(client, reverse("surveys:import", args=[jember.code]), rows[:2])
    assert run_started_job().result["errors"] == []
    assert SurveyResponse.objects.get().institution == jember


def test_another_institutions_import_page_is_not_found(client, staff_tuban, supervisor_jatim, jember):
    client.force_login(staff_tuban)
    assert client.get(reverse("surveys:import", args=[jember.code])).status_code == 404
    assert client.get(reverse("surveys:import_template", args=[jember.code])).status_code == 404
    client.force_login(supervisor_jatim)
    assert client.get(reverse("surveys:import", args=[jember.code])).status_code == 403


def test_import_pages_cost_a_constant_number_of_queries(
    client, admin_user, staff_jember, jember, django_assert_num_queries
):
    client.force_login(admin_user)
    # session, user, demo flag, session save (savepoint: 3)
    with django_assert_num_queries(6):
        assert client.get(reverse("institutions:import")).status_code == 200
    client.force_login(staff_of(jember, username="staf_impor"))
    # session, user, supervised regions, institution, roles, demo flag, session save (3)
    with django_assert_num_queries(9):
        assert client.get(reverse("surveys:import", args=[jember.code])).status_code == 200


def test_the_command_accepts_indonesian_headings_too(tmp_path, capsys):
    path = tmp_path / "lembaga.xlsx"
    path.write_bytes(xlsx([INSTITUTION_LABELS, ["LKSA-CMD", "LKSA Cmd", "LKS", "community", "35.09", 15]]))
    call_command("import_institutions", str(path))
    assert Institution.objects.get(code="LKSA-CMD").capacity == 15
