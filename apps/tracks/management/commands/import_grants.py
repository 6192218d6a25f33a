from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from apps.core.commands import ImportCommand
from apps.tracks.importing import grants_import
from apps.tracks.imports import GRANTS, summary


class Command(ImportCommand):
    help = (
        "Impor bantuan modal usaha dari XLSX dengan kolom budget_code, fiscal_year, registration_no, "
        "paid_on, amount, business_type, business_start_on, baseline_income. Berkas yang melampaui "
        "pagu atau di luar tahun anggaran ditolak seluruhnya."
    )
    kind = GRANTS

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
        result = self.run_import(grants_import, actor=actor, rows=rows)
        self.stdout.write(self.style.SUCCESS(summary(result)))
