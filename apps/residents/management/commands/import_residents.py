import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.core.errors import DomainError, ImportRejected
from apps.residents.services import IMPORT_COLUMNS, residents_import


class Command(BaseCommand):
    help = (
        "Impor PM dan penempatannya dari XLSX (satu baris per penempatan) dengan kolom "
        + ", ".join(IMPORT_COLUMNS)
        + ". Semua baris atau tidak sama sekali; impor ulang berkas yang sama tidak mengubah apa pun."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--user", help="Nama pengguna yang mengimpor (dicatat di riwayat audit dan log akses)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Periksa seluruh berkas tanpa menyimpan apa pun."
        )

    def handle(self, *args, file, user=None, dry_run=False, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"Pengguna tidak ditemukan: {user}")
        started = time.monotonic()

        def progress(done, total):
            self.stdout.write(f"  {done:,}/{total:,} ({time.monotonic() - started:.1f} dtk)")

        try:
            result = residents_import(actor=actor, source=file, dry_run=dry_run, progress=progress)
        except FileNotFoundError as exc:
            raise CommandError(f"Berkas tidak ditemukan: {file}") from exc
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(exc.message) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"peringatan {warning}"))
        verb = "Pemeriksaan selesai (tidak disimpan)" if dry_run else "Selesai"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}: {result.rows} baris, {result.residents_created} PM baru, "
                f"{result.placements_created} penempatan, {result.unchanged} PM tetap "
                f"({time.monotonic() - started:.1f} dtk)."
            )
        )
