"""Running the procrastinate worker inside a test, as ``manage.py procrastinate worker`` does."""

from procrastinate.contrib.django import app


def run_worker() -> None:
    """Run every queued job, then return. Needs committed jobs (``transaction=True`` tests
    or a live server): the worker reads the queue on its own connection."""
    with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
        worker_app.run_worker(queues=["jobs"], wait=False, install_signal_handlers=False, listen_notify=False)
