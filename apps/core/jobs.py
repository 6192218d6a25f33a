"""Long work off the request: a registry of job kinds run by the procrastinate worker.

An app registers what a kind of job does::

    @jobs.register("residents_import")
    def run(job, progress):          # returns the result to keep (JSON)
        ...
        progress(done=500, total=10_000, stage="Memeriksa baris")

A view calls ``job_start(actor=..., kind=..., params=...)``, which records a ``Job``
and defers ``core.run_job`` when the transaction commits; the page then polls the job.
A job that raises ``DomainError`` fails with that message (in Indonesian); any other
error fails with a general message, logged without personal data. A job that runs past
``JOB_TIME_LIMIT_SECONDS`` stops at its next progress report and fails with a timeout.
"""

import logging
import time
import traceback
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError
from .models import Job

logger = logging.getLogger(__name__)

# Progress is saved at most this often (seconds): a 50,000-row import reports often.
PROGRESS_EVERY = 0.5

_KINDS: dict[str, Callable] = {}


class JobTimedOut(DomainError):
    pass


def register(kind: str):
    """Register ``func(job, progress) -> dict`` as what a job of ``kind`` does."""

    def decorator(func):
        _KINDS[kind] = func
        return func

    return decorator


def job_start(*, actor, kind: str, params: dict | None = None) -> Job:
    """Record a job and queue it once the caller's transaction commits."""
    if kind not in _KINDS:
        raise ValueError(f"Unknown job kind: {kind}")
    job = Job.objects.create(kind=kind, created_by=actor, params=params or {})

    def defer():
        from .tasks import run_job

        run_job.defer(job_id=job.pk)

    transaction.on_commit(defer)
    return job


def _save(job: Job, **fields) -> None:
    # The "progress" alias: the same database on its own connection and transaction.
    Job.objects.using(settings.JOB_PROGRESS_DATABASE).filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


class Progress:
    """The callback a job reports through; enforces the time limit."""

    def __init__(self, job: Job, limit: float):
        self.job, self.deadline, self.saved_at = job, time.monotonic() + limit, 0.0

    def __call__(self, *, done: int | None = None, total: int | None = None, stage: str | None = None):
        now = time.monotonic()
        if now > self.deadline:
            raise JobTimedOut(
                _("Pekerjaan dihentikan karena melewati batas waktu %(minutes)s menit.")
                % {"minutes": round(settings.JOB_TIME_LIMIT_SECONDS / 60)}
            )
        fields = {k: v for k, v in (("done", done), ("total", total), ("stage", stage)) if v is not None}
        if fields and (stage is not None or now - self.saved_at >= PROGRESS_EVERY):
            _save(self.job, **fields)
            self.saved_at = now


def job_run(job_id: int) -> Job | None:
    """Run the job ``job_id`` now (what the worker calls). Never raises for a job's own failure."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job
    _save(job, status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        result = _KINDS[job.kind](job, Progress(job, settings.JOB_TIME_LIMIT_SECONDS))
    except DomainError as exc:
        _save(job, status=Job.Status.FAILED, error=exc.message, finished_at=timezone.now())
    except Exception as exc:
        # Where it failed (files, lines), never the exception's text: a database error
        # quotes the row it refused ("Key (nik)=(...)"), and logs must carry no personal data.
        where = "".join(traceback.format_tb(exc.__traceback__))
        logger.error("Job %s (%s) failed with %s at:\n%s", job.pk, job.kind, type(exc).__name__, where)
        message = _(
            "Pekerjaan gagal karena kesalahan sistem. Coba lagi; bila tetap gagal, hubungi administrator."
        )
        _save(job, status=Job.Status.FAILED, error=message, finished_at=timezone.now())
    else:
        _save(job, status=Job.Status.DONE, result=result or {}, finished_at=timezone.now())
    return job
