"""The measurements: each report through the app (page or command code) beside plain SQL."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.institutions.models import Institution
from apps.reports import census, tables
from benchmarks.common import WARMUP, page_client, percentile, time_page, write_verdict
from benchmarks.residents.data import ADMIN, STAFF, SUPERVISED_PROVINCE, SUPERVISOR

from . import plain

HEADER = (
    f"{'laporan':<28} {'HTTP':>4} {'kueri':>5} {'p50 ms':>8} {'p95 ms':>8} {'SQL p50':>8} {'SQL p95':>8} "
    f"{'rasio':>6} {'target':>12}  hasil"
)
RATIO_LIMIT = 1.5


@dataclass(frozen=True)
class Scenario:
    label: str
    username: str | None  # a page as this user; None: a function call (the command's code)
    url: str
    call: Callable | None
    sql: Callable
    target_ms: int
    ratio: bool


def time_call(fn: Callable, *, runs: int) -> tuple[int, list[float]]:
    """Warm up, count the queries of one call, then time ``runs`` calls."""
    for _ in range(WARMUP):
        fn()
    with CaptureQueriesContext(connection) as queries:
        fn()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
    return len(queries), timings


def scenarios(month: census.Month) -> list[Scenario]:
    on = timezone.localdate()
    active = Institution.objects.active()
    url = reverse("reports_occupancy")
    return [
        Scenario("keterisian nasional (admin)", ADMIN, url, None, partial(plain.occupancy, on), 300, True),
        Scenario(
            f"keterisian provinsi {SUPERVISED_PROVINCE}",
            SUPERVISOR,
            url,
            None,
            partial(plain.occupancy, on, SUPERVISED_PROVINCE),
            300,
            True,
        ),
        Scenario(
            "rincian PM nasional (admin)",
            ADMIN,
            reverse("reports_occupancy_breakdowns"),
            None,
            partial(plain.breakdown, on),
            300,
            True,
        ),
        Scenario(
            "keterisian lembaga (petugas)",
            STAFF,
            url,
            None,
            partial(plain.occupancy_of_staff, on, STAFF),
            100,
            False,
        ),
        Scenario(
            f"census_report {month}",
            None,
            "",
            partial(tables.census_rows, active, month),
            partial(plain.census, month),
            # The issue sets no time for the command, only the comparison with plain SQL.
            60_000,
            True,
        ),
    ]


def measure(out, style, *, runs: int, timeout: int, month: str | None) -> None:
    month = census.Month.parse(month) if month else census.Month.of(timezone.localdate() - timedelta(days=31))
    User = get_user_model()
    out.write(HEADER)
    out.write("-" * len(HEADER))
    failures = 0
    with page_client(timeout=timeout) as client:
        for scenario in scenarios(month):
            if scenario.username:
                client.force_login(User.objects.get(username=scenario.username))
                timing = time_page(partial(client.get, scenario.url), runs=runs)
                status, queries, timings = timing.status, timing.queries, timing.timings_ms
                client.logout()
            else:
                status = 200
                queries, timings = time_call(scenario.call, runs=runs)
            _sql_queries, sql_timings = time_call(scenario.sql, runs=runs)
            failures += not report(out, style, scenario, status, queries, timings, sql_timings)
    out.write(
        "Target: nasional dan provinsi p95 < 300 ms dan <= 1,5 x SQL biasa; lembaga p95 < 100 ms. "
        "Kolom 'kueri' harus sama pada data kecil dan besar (bandingkan dengan --residents 2000 "
        "--placements 3000 --institutions 60)."
    )
    write_verdict(out, style, failures)


def report(out, style, scenario, status, queries, timings, sql_timings) -> bool:
    if status != 200 or not timings:
        out.write(f"{scenario.label:<28} {status:>4} {queries:>5} " + style.ERROR("FAIL"))
        return False
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    sql50, sql95 = statistics.median(sql_timings), percentile(sql_timings, 0.95)
    ratio = p95 / sql95 if sql95 else 0.0
    ok = p95 < scenario.target_ms and (not scenario.ratio or ratio <= RATIO_LIMIT)
    target = f"<{scenario.target_ms}" + (f" <={RATIO_LIMIT}x" if scenario.ratio else "")
    out.write(
        f"{scenario.label:<28} {status:>4} {queries:>5} {p50:>8.1f} {p95:>8.1f} {sql50:>8.1f} {sql95:>8.1f} "
        f"{ratio:>6.2f} {target:>12}  " + (style.SUCCESS("PASS") if ok else style.ERROR("FAIL"))
    )
    return ok
