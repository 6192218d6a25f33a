import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.tracks.reporting import BUSINESS_HEADER, add_scope_arguments, business_records, scope_from, write
from apps.tracks.selectors.reports import survival_rows


class Command(BaseCommand):
    help = (
        "Cetak ketahanan usaha 3, 6 dan 12 bulan per tanggal laporan (--date, bawaan hari ini) "
        "untuk satu lembaga (--institution) atau wilayah (--region), sebagai CSV atau JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Tanggal laporan TTTT-BB-HH (bawaan: hari ini, Asia/Jakarta)")
        add_scope_arguments(parser)

    def handle(self, *args, date=None, institution=None, region=None, format="csv", **options):
        on = _parse(date) if date else timezone.localdate()
        scope = scope_from(institution, region)
        write(self.stdout, BUSINESS_HEADER, business_records(survival_rows(scope=scope, on=on)), format)


def _parse(text: str):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Tanggal tidak valid (TTTT-BB-HH): {text}") from exc
