"""Benchmark of the reports on the residents benchmark's data set (the work is in ``benchmarks.reports``).

Meant for a scratch database, never a real one (see ``bench_residents`` for the set-up)::

    python manage.py bench_reports                   # 6,000 institutions, 1M PM, 1.5M placements
    python manage.py bench_reports --residents 2000 --placements 3000 --institutions 60
"""

import argparse

from django.core.management.base import BaseCommand

from benchmarks import reports as bench


class Command(BaseCommand):
    help = (
        "Ukur waktu dan jumlah kueri dasbor keterisian dan census_report pada data sintetis besar, "
        "dibandingkan dengan SQL biasa (jalankan dengan DATABASE_URL basis data uji terpisah)."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--residents", type=int, default=1_000_000)
        parser.add_argument("--placements", type=int, default=1_500_000)
        parser.add_argument("--institutions", type=int, default=6000)
        parser.add_argument("--generate", action=argparse.BooleanOptionalAction, default=None)
        parser.add_argument("--runs", type=int, default=30, help="Jumlah pengukuran per laporan.")
        parser.add_argument("--month", help="Bulan census_report, mis. 2026-10 (bawaan: bulan lalu).")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--timeout", type=int, default=10, help="Batas waktu per kueri (detik).")

    def handle(self, *args, **options):
        names = ("institutions", "residents", "placements", "generate", "runs", "seed", "timeout", "month")
        bench.run(self.stdout, self.style, **{name: options[name] for name in names})
