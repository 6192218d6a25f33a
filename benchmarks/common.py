"""What every benchmark needs: timing a page with its query count, percentiles, the result columns.

A benchmark prints a table: its own leading columns (who asked for which page), then
``RESULT_HEADER``'s columns, filled by ``result_cells`` from a ``time_page`` measurement.
"""

import gc
import logging
import math
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, reset_queries
from django.http import HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

WARMUP = 2
RESULT_HEADER = f"{'HTTP':>4} {'kueri':>5} {'maks ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'target':>7}  hasil"


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass(frozen=True)
class PageTiming:
    status: int
    queries: int
    slowest_query_ms: float
    # Server time of each timed request; none when the page did not answer 200.
    timings_ms: list[float]

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95_ms(self) -> float:
        return percentile(self.timings_ms, 0.95)


def time_page(fetch: Callable[[], HttpResponse], *, runs: int) -> PageTiming:
    """Warm up, count the queries of one request, then time ``runs`` requests if the page answers."""
    for _ in range(WARMUP):
        fetch()
    # What the process holds by now (Django, templates, the benchmark's own data) lives as
    # long as it does: move it out of the garbage collector's sight, as a long-running
    # worker would (gunicorn with preload and gc.freeze). Otherwise full collections over
    # the benchmark's objects show up as request time.
    gc.collect()
    gc.freeze()
    # A request starts by clearing the query log: capture from an empty log.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    # Read the log now: the timed requests below clear it again.
    counted = len(queries)
    slowest = max((float(q["time"]) * 1000 for q in queries.captured_queries), default=0.0)
    timings = []
    if response.status_code == 200:
        for _ in range(runs):
            started = time.perf_counter()
            fetch()
            timings.append((time.perf_counter() - started) * 1000)
    return PageTiming(response.status_code, counted, slowest, timings)


def result_cells(timing: PageTiming, target_ms: int, style) -> tuple[str, bool]:
    """The ``RESULT_HEADER`` columns of one page, and whether it answered within the target (p95)."""
    cells = f"{timing.status:>4} {timing.queries:>5} "
    target = f"{'<' + str(target_ms):>7}  "
    if timing.status != 200:
        return cells + f"{'-':>8} {'-':>8} {'-':>8} " + target + style.ERROR("FAIL"), False
    ok = timing.p95_ms < target_ms
    figures = f"{timing.slowest_query_ms:>8.1f} {timing.p50_ms:>8.1f} {timing.p95_ms:>8.1f} "
    return cells + figures + target + (style.SUCCESS("PASS") if ok else style.ERROR("FAIL")), ok


@contextmanager
def page_client(*, timeout: int) -> Iterator[Client]:
    """A test client on production-like settings, each query cut off after ``timeout`` seconds."""
    client = Client(raise_request_exception=False)
    # A missing page would log a warning per request; the table shows the status instead.
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.CRITICAL)
    with connection.cursor() as cursor:
        # A pathological plan shows as a timeout (HTTP 500) instead of running for hours.
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{timeout}s"])
    try:
        with override_settings(DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            yield client
    finally:
        request_logger.setLevel(level)
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")


def write_verdict(out, style, failures: int) -> None:
    if failures:
        out.write(style.ERROR(f"{failures} pengukuran tidak memenuhi target."))
    else:
        out.write(style.SUCCESS("Semua pengukuran memenuhi target."))


def is_superuser(cursor) -> bool:
    cursor.execute("SELECT current_setting('is_superuser') = 'on'")
    return cursor.fetchone()[0]


def next_id(cursor, model) -> int:
    """The first id after the table's rows, for rows written with COPY (which skips the sequence)."""
    cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {model._meta.db_table}")  # noqa: S608
    return cursor.fetchone()[0]
