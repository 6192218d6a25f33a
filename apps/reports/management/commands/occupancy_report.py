from datetime import date

from django.core.management.base import BaseCommand, CommandError

from apps.institutions.models import Institution
from apps.regions.models import Region, region_subtree_q
from apps.reports import tables


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise CommandError(f"Tanggal tidak valid: {text!r} (format YYYY-MM-DD, mis. 2026-10-31).") from exc


def region_filter(code: str):
    """Active institutions inside region ``code``, or an error naming the unknown code."""
    if not Region.objects.filter(code=code).exists():
        raise CommandError(f"Wilayah tidak ditemukan: {code}")
    return Institution.objects.active().filter(region_subtree_q([code]))


class Command(BaseCommand):
    help = (
        "Cetak keterisian setiap lembaga aktif pada satu tanggal (CSV atau JSON): "
        "institution_code,institution_name,capacity,residents,occupancy_pct, urut kode."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="Tanggal, mis. 2026-10-31")
        parser.add_argument("--region", help="Kode wilayah, mis. 35 atau 35.09")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, date, region=None, format, **options):
        on = parse_date(date)
        institutions = region_filter(region) if region else Institution.objects.active()
        rows = tables.occupancy_rows(institutions, on)
        tables.write(self.stdout, format, tables.OCCUPANCY_HEADER, rows)
