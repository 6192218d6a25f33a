"""Tasks of the procrastinate queue (found by its Django integration in each app's ``tasks.py``)."""

from procrastinate.contrib.django import app

from . import jobs


@app.task(name="core.run_job", queue="jobs")
def run_job(job_id: int) -> None:
    """Run one recorded ``Job``: what it does is registered in ``apps.core.jobs``."""
    jobs.job_run(job_id)
