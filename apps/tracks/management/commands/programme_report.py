from django.core.management.base import BaseCommand

from apps.tracks.reporting import PROGRAMME_HEADER, add_scope_arguments, programme_records, scope_from, write
from apps.tracks.selectors.reports import programme_lines


class Command(BaseCommand):
    help = (
        "Cetak pagu, realisasi dan penerima manfaat per mata anggaran satu tahun anggaran "
        "(CSV atau JSON), untuk satu lembaga (--institution) atau wilayah (--region)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Tahun anggaran, mis. 2026")
        add_scope_arguments(parser)

    def handle(self, *args, year, institution=None, region=None, format="csv", **options):
        scope = scope_from(institution, region)
        records = programme_records(programme_lines(year=year, scope=scope))
        write(self.stdout, PROGRAMME_HEADER, records, format)
