from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from apps.core.commands import ImportCommand
from apps.tracks.importing import budget_lines_import
from apps.tracks.imports import BUDGET_LINES, summary


class Command(ImportCommand):
    help = (
        "Impor mata anggaran dari XLSX dengan kolom fiscal_year, code, programme, institution_code, "
        "name, allocation (institution_code kosong: tingkat provinsi). Impor ulang memperbarui pagu, "
        "tidak pernah di bawah realisasi. Semua baris atau tidak sama sekali."
    )
    kind = BUDGET_LINES

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--user", help="Nama pengguna yang tercatat sebagai pelaku (opsional).")

    def handle(self, *args, file, user=None, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Pengguna tidak ditemukan: {user}")
        rows = self.read(file)
        result = self.run_import(budget_lines_import, actor=actor, rows=rows)
        self.stdout.write(self.style.SUCCESS(summary(result)))
