from django.core.management.base import BaseCommand, CommandError

from apps.core.errors import DomainError, ImportRejected
from apps.core.spreadsheets import read_rows
from apps.institutions.services import institutions_import


class Command(BaseCommand):
    help = (
        "Impor lembaga dari XLSX dengan kolom code, name, kind, operator, region_code, "
        "capacity, address, phone. Semua baris atau tidak sama sekali."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            result = institutions_import(actor=None, rows=read_rows(file))
        except FileNotFoundError as exc:
            raise CommandError(f"Berkas tidak ditemukan: {file}") from exc
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(exc.message) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                "Selesai: {created} baru, {updated} diperbarui, {unchanged} tetap.".format(**result)
            )
        )
