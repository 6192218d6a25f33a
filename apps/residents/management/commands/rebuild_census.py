"""Rewrite the daily census table and the placement profiles from the placements.

The triggers on ``residents_placement`` keep the table right in the same transaction as
every write; this is for after a bulk load that switched them off (the benchmark
generator does it itself), or to check: ``--check`` only reports whether the table
equals the placements (and the profiles the placements and residents).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.residents.models import census_rebuild
from apps.residents.models.census import census_differences, profile_differences


class Command(BaseCommand):
    help = "Bangun ulang tabel sensus harian (residents_censusday) dari data penempatan."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Hanya periksa apakah tabel sama dengan data penempatan."
        )

    def handle(self, *args, check=False, **options):
        started = time.perf_counter()
        if check:
            missing, extra = census_differences()
            if missing or extra:
                raise CommandError(
                    f"Tabel sensus harian berbeda dari data penempatan: {missing} baris kurang/berbeda, "
                    f"{extra} baris lebih. Jalankan rebuild_census."
                )
            missing, extra = profile_differences()
            if missing or extra:
                raise CommandError(
                    f"Profil penempatan berbeda dari data penempatan dan PM: {missing} baris kurang/berbeda, "
                    f"{extra} baris lebih. Jalankan rebuild_census."
                )
            self.stdout.write(self.style.SUCCESS("Tabel sensus harian sama dengan data penempatan."))
            return
        with transaction.atomic():
            rows = census_rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"Tabel sensus harian dibangun ulang: {rows:,} baris ({time.perf_counter() - started:.1f} s)."
            )
        )
