"""Benchmark of the residents pages on a large synthetic data set (the work is in ``benchmarks.residents``).

Meant for a scratch database, never a real one. For example::

    createdb -h 127.0.0.1 -U postgres panti_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/panti_bench
    python manage.py migrate
    python manage.py bench_residents                 # 6,000 institutions, 1M PM, 1.5M placements
    python manage.py bench_residents --residents 2000 --placements 3000 --institutions 60
    python manage.py bench_residents --drop          # remove the bench data again
"""

import argparse

from django.core.management.base import BaseCommand

from benchmarks import residents as bench

# What ``bench.run`` takes; --drop goes to ``bench.drop_data`` alone.
MEASURE_OPTIONS = ("institutions", "residents", "placements", "generate", "runs", "search", "seed", "timeout")


class Command(BaseCommand):
    help = (
        "Ukur waktu dan jumlah kueri halaman daftar dan detail PM pada data sintetis besar "
        "(jalankan dengan DATABASE_URL yang menunjuk basis data uji terpisah)."
    )

    # The generator needs no URLs; the measurement reports a broken page as its HTTP status.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--residents", type=int, default=1_000_000)
        parser.add_argument("--placements", type=int, default=1_500_000)
        parser.add_argument("--institutions", type=int, default=6000)
        parser.add_argument(
            "--generate",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="Buat ulang data (bawaan: hanya bila data bench belum ada atau ukurannya lain).",
        )
        parser.add_argument("--runs", type=int, default=50, help="Jumlah permintaan terukur per halaman.")
        parser.add_argument("--search", default="adi", help="Potongan nama yang umum untuk uji pencarian.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--timeout", type=int, default=10, help="Batas waktu per kueri (detik) selama pengukuran."
        )
        parser.add_argument("--drop", action="store_true", help="Hapus data bench lalu berhenti.")

    def handle(self, *args, **options):
        if options["drop"]:
            bench.drop_data(self.stdout)
            return
        bench.run(self.stdout, self.style, **{name: options[name] for name in MEASURE_OPTIONS})
