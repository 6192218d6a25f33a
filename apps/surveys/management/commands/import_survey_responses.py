from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from apps.core.commands import ImportCommand
from apps.surveys.imports import summary
from apps.surveys.services import responses_import


class Command(ImportCommand):
    help = (
        "Impor jawaban kuesioner SKM kertas dari XLSX dengan kolom institution_code, submitted_on, "
        "u1..u9 (1-4), sex, age, education, occupation (atau judul kolom bahasa Indonesia). "
        "Semua baris atau tidak sama sekali."
    )
    kind = "survey_responses_import"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--user", help="Nama pengguna petugas yang memasukkan (opsional).")

    def handle(self, *args, file, user=None, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Pengguna tidak ditemukan: {user}")
        rows = self.read(file)
        count = self.run_import(responses_import, actor=actor, rows=rows)
        self.stdout.write(self.style.SUCCESS(summary(count)))
