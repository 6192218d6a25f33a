"""Benchmark of the residents list and detail pages on a large synthetic data set.

Run as ``python manage.py bench_residents`` (see that command for the options), against
a scratch database, never a real one: the data are fake people, written without audit
history.

- ``data``: what the data set is (markers, sizes, institutions, users);
- ``people``: the residents, cases, placements and events it holds;
- ``load``: writing it with COPY in one transaction, and removing it (``--drop``);
- ``pages``: the pages measured, as a staff member of one bench institution, a
  supervisor of province 35 and an administrator: server time (p50/p95) and query
  count of each page against the targets.
"""

import time

from django.core.management.base import CommandError

from . import load
from .data import present_sizes
from .pages import measure


def run(
    out,
    style,
    *,
    institutions: int,
    residents: int,
    placements: int,
    generate: bool | None,
    runs: int,
    search: str,
    seed: int,
    timeout: int,
) -> None:
    """Measure the pages, first (re)generating the data set if asked or if its size is not the one wanted."""
    if runs < 1:
        raise CommandError("--runs minimal 1.")
    if institutions < 1 or residents < 1:
        raise CommandError("--institutions dan --residents minimal 1.")
    prepare(out, style, wanted=(institutions, residents, placements), generate=generate, seed=seed)
    measure(out, style, runs=runs, search=search, timeout=timeout)


def prepare(out, style, *, wanted: tuple[int, int, int], generate: bool | None, seed: int) -> None:
    """Make sure the data set of size ``wanted`` is there: (re)generate it when asked, or
    (``generate`` None) when the one present has another size. Shared by the benchmarks."""
    present = present_sizes()
    if generate is None:
        generate = present != wanted
    if generate:
        if any(present):
            out.write("Menghapus data bench lama ...")
            load.drop()
        load.generate(out, style, *wanted, seed=seed)
    elif not present[1]:
        raise CommandError("Belum ada data bench: jalankan tanpa --no-generate.")


def drop_data(out) -> None:
    """Remove the data set (``--drop``)."""
    started = time.perf_counter()
    load.drop()
    out.write(f"Data bench dihapus ({time.perf_counter() - started:.1f} s).")
