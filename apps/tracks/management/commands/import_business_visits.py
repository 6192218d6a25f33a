from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from apps.core.commands import ImportCommand
from apps.tracks.importing import business_visits_import
from apps.tracks.imports import VISITS, summary


class Command(ImportCommand):
    help = (
        "Impor kunjungan usaha dari XLSX dengan kolom registration_no, visited_on, status "
        "(running/growing/stalled/closed), monthly_revenue, monthly_income. "
        "Semua baris atau tidak sama sekali."
    )
    kind = VISITS

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
        result = self.run_import(business_visits_import, actor=actor, rows=rows)
        self.stdout.write(self.style.SUCCESS(summary(result)))
