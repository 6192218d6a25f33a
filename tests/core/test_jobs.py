"""Background jobs: recorded, run by the procrastinate worker, failing with a reason."""

import json

import pytest
from django.db import connection
from django.urls import reverse

from apps.core import jobs
from apps.core.errors import DomainError
from apps.core.models import Job
from tests.jobs import run_worker

pytestmark = pytest.mark.django_db


@jobs.register("test_count")
def count_to(job, progress):
    total = job.params["n"]
    for done in range(1, total + 1):
        progress(done=done, total=total, stage="Menghitung")
    return {"summary": f"{total} dihitung"}


@jobs.register("test_refuse")
def refuse(job, progress):
    raise DomainError("Berkas tidak dapat dibaca: contoh.")


@jobs.register("test_crash")
def crash(job, progress):
    # As a database error quotes the row it refused.
    raise RuntimeError(f"Key (nik)=({job.params['nik']}) already exists")


@jobs.register("test_slow")
def slow(job, progress):
    progress(done=1, total=2)
    progress(done=2, total=2)
    return {}


def test_a_job_reports_progress_and_keeps_its_result(staff_jember):
    job = jobs.job_start(actor=staff_jember, kind="test_count", params={"n": 3})
    assert job.status == Job.Status.QUEUED
    jobs.job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == ("done", 3, 3, 100)
    assert job.result == {"summary": "3 dihitung"}
    assert job.started_at and job.finished_at


def test_a_refused_job_fails_with_its_message(staff_jember):
    job = jobs.job_start(actor=staff_jember, kind="test_refuse")
    jobs.job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "Berkas tidak dapat dibaca: contoh.")


def test_a_crash_fails_with_a_general_message_in_indonesian(staff_jember, caplog):
    job = jobs.job_start(actor=staff_jember, kind="test_crash", params={"nik": "3509011203850001"})
    jobs.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error.startswith("Pekerjaan gagal karena kesalahan sistem")
    # The log says where, with the exception's type, never its text (it may quote a row).
    assert "RuntimeError" in caplog.text and "3509011203850001" not in caplog.text


def test_a_job_past_its_time_limit_stops(staff_jember, settings):
    settings.JOB_TIME_LIMIT_SECONDS = -1
    job = jobs.job_start(actor=staff_jember, kind="test_slow")
    jobs.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "batas waktu" in job.error


def test_the_database_refuses_a_failure_without_a_reason(staff_jember):
    from django.db import IntegrityError, transaction

    job = Job.objects.create(kind="test_count", created_by=staff_jember)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        Job.objects.filter(pk=job.pk).update(status="failed", error="")
    assert exc.value.__cause__.diag.constraint_name == "job_failure_has_reason"


def test_starting_a_job_queues_it_on_commit(staff_jember, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_start(actor=staff_jember, kind="test_count", params={"n": 1})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT task_name, args FROM procrastinate_jobs"
            " WHERE queue_name = 'jobs' AND args->>'job_id' = %s",
            [str(job.pk)],
        )
        rows = cursor.fetchall()
    assert [(name, json.loads(args) if isinstance(args, str) else args) for name, args in rows] == [
        ("core.run_job", {"job_id": job.pk})
    ]


def test_the_job_page_is_its_owners_alone(client, staff_jember, staff_tuban, django_assert_num_queries):
    job = jobs.job_start(actor=staff_jember, kind="test_count", params={"n": 2})
    client.force_login(staff_tuban)
    assert client.get(reverse("core:job", args=[job.pk])).status_code == 404
    client.force_login(staff_jember)
    # session, user, job, demo flag, session save (in a savepoint: 3)
    with django_assert_num_queries(7):
        response = client.get(reverse("core:job", args=[job.pk]))
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in response.content.decode()


def test_a_finished_job_stops_polling_and_refreshes_the_page(client, staff_jember):
    job = jobs.job_start(actor=staff_jember, kind="test_refuse")
    jobs.job_run(job.pk)
    client.force_login(staff_jember)
    response = client.get(reverse("core:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "every 1s" not in page and "Berkas tidak dapat dibaca: contoh." in page


@pytest.mark.django_db(transaction=True)
def test_the_procrastinate_worker_runs_a_queued_job(staff_jember):
    job = jobs.job_start(actor=staff_jember, kind="test_count", params={"n": 2})
    run_worker()
    job.refresh_from_db()
    assert job.status == "done" and job.result == {"summary": "2 dihitung"}
