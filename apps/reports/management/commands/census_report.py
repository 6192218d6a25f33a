from django.core.management.base import BaseCommand, CommandError

from apps.institutions.models import Institution
from apps.reports import tables
from apps.reports.census import Month

from .occupancy_report import region_filter


class Command(BaseCommand):
    help = (
        "Cetak sensus bulanan per lembaga (CSV atau JSON): saldo awal, masuk, pindah masuk, pindah "
        "keluar, keluar, saldo akhir, hari-orang, rata-rata harian dan keterisian, urut kode."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="Bulan, mis. 2026-10")
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--region", help="Kode wilayah, mis. 35 atau 35.09")
        scope.add_argument("--institution", help="Kode lembaga, mis. UPT-PSTW-JEMBER")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, month, region=None, institution=None, format, **options):
        try:
            month = Month.parse(month)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if institution:
            institutions = Institution.objects.filter(code=institution.strip().upper())
            if not institutions.exists():
                raise CommandError(f"Lembaga tidak ditemukan: {institution}")
        elif region:
            institutions = region_filter(region)
        else:
            institutions = Institution.objects.active()
        tables.write(self.stdout, format, tables.CENSUS_HEADER, tables.census_rows(institutions, month))
