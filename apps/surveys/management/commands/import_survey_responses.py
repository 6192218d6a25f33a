from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.core.errors import DomainError, ImportRejected
from apps.core.spreadsheets import read_rows
from apps.surveys.services import responses_import


class Command(BaseCommand):
    help = (
        "Impor jawaban kuesioner SKM kertas dari XLSX dengan kolom institution_code, submitted_on, "
        "u1..u9 (1-4), sex, age, education, occupation. Semua baris atau tidak sama sekali."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", help="Nama pengguna petugas yang memasukkan (opsional).")

    def handle(self, *args, file, user=None, **options):
        if not Path(file).is_file():
            raise CommandError(f"Berkas tidak ditemukan: {file}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Pengguna tidak ditemukan: {user}")
        try:
            count = responses_import(actor=actor, rows=read_rows(file))
        except FileNotFoundError as exc:
            raise CommandError(f"Berkas tidak ditemukan: {file}") from exc
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(exc.message) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"Selesai: {count} jawaban diimpor."))
