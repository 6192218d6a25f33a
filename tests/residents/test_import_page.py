"""The residents import page: a background check with a preview, then the background import."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.core import jobs
from apps.core.models import Job
from apps.institutions.models import Membership
from apps.residents.models import AccessLog, Resident
from tests.factories import InstitutionFactory, staff_of
from tests.jobs import run_worker

pytestmark = pytest.mark.django_db


def xlsx(rows, name="data.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


HEADER = ["institution_code", "registration_no", "full_name", "sex", "welfare_category", "admitted_on"]
LABELS = [
    "Kode lembaga",
    "Nomor registrasi",
    "Nama lengkap",
    "Jenis kelamin",
    "Kategori PPKS",
    "Tanggal masuk",
]
GOOD = [
    ["UPT-JBR", "IMP-1", "Warga Satu", "L", "LUT", "2025-01-02"],
    ["UPT-JBR", "IMP-2", "Warga Dua", "P", "LUT", ""],
]


def run_latest_job() -> Job:
    job = Job.objects.latest("id")
    jobs.job_run(job.pk)
    job.refresh_from_db()
    return job


def check_file(client, institution, rows, name="data.xlsx"):
    """Upload ``rows``, run the check job; the job and its page."""
    response = client.post(
        reverse("residents:import"), {"institution": institution.pk, "file": xlsx(rows, name)}
    )
    job = Job.objects.latest("id")
    assert response.status_code == 302 and response["Location"] == reverse(
        "residents:import_job", args=[job.pk]
    )
    job = run_latest_job()
    return job, client.get(reverse("residents:import_job", args=[job.pk]))


def test_import_previews_then_imports_all_rows(client, staff_jember, jember):
    client.force_login(staff_jember)
    check, response = check_file(client, jember, [HEADER, *GOOD])
    assert check.kind == "residents_import_check" and "file" in check.params
    assert response.status_code == 200
    assert response.context["job"].result["count"] == 2
    assert b'data-testid="import-confirm"' in response.content
    assert not Resident.objects.exists()  # a dry run
    confirm = reverse("residents:import_confirm", args=[check.pk])
    response = client.post(confirm)
    job = Job.objects.latest("id")
    assert response.status_code == 302 and response["Location"] == reverse(
        "residents:import_job", args=[job.pk]
    )
    job = run_latest_job()
    assert (job.kind, job.status, job.result["errors"]) == ("residents_import", "done", [])
    assert sorted(Resident.objects.values_list("registration_no", flat=True)) == ["IMP-1", "IMP-2"]
    assert AccessLog.objects.filter(action="import", user=staff_jember).count() == 1
    page = client.get(reverse("residents:import_job", args=[job.pk])).content.decode()
    assert "2 PM baru" in page
    # The confirmation cannot be replayed: it leads to the same import.
    response = client.post(confirm)
    assert response.status_code == 302 and response["Location"] == reverse(
        "residents:import_job", args=[job.pk]
    )
    assert Job.objects.count() == 2
    assert Resident.objects.count() == 2
    # The preview (names) left the check once it was confirmed.
    check.refresh_from_db()
    assert "preview" not in check.result


def test_the_preview_shows_the_first_rows_as_they_will_be_stored(client, staff_jember, jember):
    client.force_login(staff_jember)
    rows = [
        [*LABELS, "NIK", "Tanggal lahir", "Tanggal keluar", "Alasan keluar"],
        *[
            [
                "upt-jbr",
                f"P-{n:02d}",
                f"  Warga   {n}",
                "P",
                "lut",
                "2024-01-01",
                "",
                "1950-03-12",
                "2024-02-01",
                "kabur",
            ]
            for n in range(11)
        ],
        [
            "UPT-JBR",
            "P-99",
            "Budi",
            "L",
            "LUT",
            "2024-01-01",
            "3509011203500001",
            "1950-03-12",
            "2024-02-01",
            "Mandiri",
        ],
    ]
    rows[1][6] = "3509015203500001"
    check, response = check_file(client, jember, rows)
    preview = response.context["preview"]
    assert check.result["errors"] == [] and len(preview) == 10
    first = preview[0]
    assert (first["registration_no"], first["full_name"], first["nik"], first["sex"], first["category"]) == (
        "P-00",
        "Warga 0",
        "************0001",
        "P",
        "LUT",
    )
    assert first["institution"] == "UPT PSTW Jember"
    assert (first["reason"], first["reason_display"]) == ("ran_away", "Melarikan diri")
    body = response.content.decode()
    assert 'data-testid="import-preview-rows"' in body
    assert "3509015203500001" not in body
    assert "12 Mar 1950" in body


def test_import_lists_every_bad_row_and_imports_nothing(client, staff_jember, jember, tuban):
    client.force_login(staff_jember)
    rows = [
        HEADER,
        ["UPT-JBR", "IMP-1", "Warga Satu", "X", "LUT", ""],
        ["UPT-JBR", "IMP-2", "Warga Dua", "P", "LUT", ""],
        ["UPT-TBN", "IMP-3", "Warga Tiga", "P", "ZZZ", ""],
    ]
    check, response = check_file(client, jember, rows)
    errors = response.context["job"].result["errors"]
    assert sorted({e["row"] for e in errors}) == [2, 4]
    body = response.content.decode()
    assert 'data-testid="import-errors"' in body
    assert 'data-testid="import-confirm"' not in body
    assert not Resident.objects.exists()
    assert client.post(reverse("residents:import_confirm", args=[check.pk])).status_code == 404
    assert not Resident.objects.exists()


def test_import_refuses_an_unreadable_file(client, staff_jember, jember):
    client.force_login(staff_jember)
    client.post(
        reverse("residents:import"),
        {"institution": jember.pk, "file": SimpleUploadedFile("x.xlsx", b"not a workbook")},
    )
    job = run_latest_job()
    assert job.status == "failed"
    response = client.get(reverse("residents:import_job", args=[job.pk]))
    assert response.status_code == 200
    assert "tidak dapat dibaca" in response.content.decode()


def test_import_page_is_for_staff_only(client, supervisor_jatim):
    client.force_login(supervisor_jatim)
    assert client.get(reverse("residents:import")).status_code == 403
    assert client.get(reverse("residents:import_template")).status_code == 403


def test_import_page_query_count_is_constant(client, staff_jember, jember, django_assert_num_queries):
    for n in range(3):
        staff_of(InstitutionFactory(code=f"UPT-I{n}"), username=f"lain{n}")
    client.force_login(staff_jember)
    # session, user, scopes, visible institutions, roles, exists, demo flag, institution choices
    # (2: the select reads its first option for the "required" attribute), session refresh (3)
    with django_assert_num_queries(12):
        assert client.get(reverse("residents:import")).status_code == 200


def test_the_check_page_with_its_preview_costs_a_constant_number_of_queries(
    client, staff_jember, jember, django_assert_num_queries
):
    client.force_login(staff_jember)
    rows = [HEADER, *[["UPT-JBR", f"Q-{n}", f"Warga {n}", "L", "LUT", ""] for n in range(8)]]
    check, _response = check_file(client, jember, rows)
    assert len(check.result["preview"]) == 8
    # session, user, job, demo flag, session save (in a savepoint: 3)
    with django_assert_num_queries(7):
        assert client.get(reverse("residents:import_job", args=[check.pk])).status_code == 200


def test_another_users_check_cannot_be_seen_or_confirmed(client, staff_jember, jember, admin_user):
    client.force_login(staff_jember)
    check, _response = check_file(client, jember, [HEADER, *GOOD])
    other = staff_of(jember, username="staf_lain")
    client.force_login(other)
    assert client.get(reverse("residents:import_job", args=[check.pk])).status_code == 404
    assert client.post(reverse("residents:import_confirm", args=[check.pk])).status_code == 404
    client.force_login(admin_user)  # the import is its uploader's, even for an administrator
    assert client.post(reverse("residents:import_confirm", args=[check.pk])).status_code == 404
    assert Job.objects.count() == 1 and not Resident.objects.exists()


def test_confirming_after_losing_the_institution_is_forbidden(client, staff_jember, jember, tuban):
    client.force_login(staff_jember)
    check, _response = check_file(client, jember, [HEADER, *GOOD])
    Membership.objects.filter(user=staff_jember).update(institution=tuban)  # moved to Tuban
    assert client.post(reverse("residents:import_confirm", args=[check.pk])).status_code == 403
    assert Job.objects.count() == 1


def test_the_template_lists_the_columns_and_the_allowed_values(client, staff_jember, jember):
    client.force_login(staff_jember)
    response = client.get(reverse("residents:import_template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook.worksheets[0][1]][:3] == [
        "institution_code",
        "registration_no",
        "full_name",
    ]
    values = {c.value for s in workbook.worksheets[1:] for r in s.iter_rows() for c in r if c.value}
    assert {"Nama lengkap", "Kategori PPKS", "LUT", "returned_to_family", "L", "P", "Y", "N"} <= values
    assert any("kabur" in str(v) for v in values)


@pytest.mark.django_db(transaction=True)
def test_the_procrastinate_worker_checks_and_imports_a_file(client, staff_jember, jember):
    client.force_login(staff_jember)
    client.post(reverse("residents:import"), {"institution": jember.pk, "file": xlsx([LABELS, *GOOD])})
    run_worker()
    check = Job.objects.get()
    assert (check.status, check.result["count"]) == ("done", 2)
    client.post(reverse("residents:import_confirm", args=[check.pk]))
    run_worker()
    job = Job.objects.latest("id")
    assert (job.kind, job.status, job.stage, job.done, job.total) == (
        "residents_import",
        "done",
        "Tersimpan",
        4,
        4,
    )
    assert Resident.objects.count() == 2
