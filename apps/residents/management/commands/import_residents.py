import time

from apps.core.commands import ImportCommand
from apps.residents.services.imports import IMPORT_COLUMNS, IMPORT_KIND, residents_import


class Command(ImportCommand):
    help = (
        "Impor PM dan penempatannya dari XLSX (satu baris per penempatan) dengan kolom "
        + ", ".join(IMPORT_COLUMNS)
        + " (atau judul kolom bahasa Indonesia). Semua baris atau tidak sama sekali; "
        "impor ulang berkas yang sama tidak mengubah apa pun."
    )
    kind = IMPORT_KIND

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--dry-run", action="store_true", help="Periksa seluruh berkas tanpa menyimpan apa pun."
        )

    def handle(self, *args, file, user=None, dry_run=False, **options):
        actor = self.actor(user)
        started = time.monotonic()

        def progress(*, done=None, total=None, stage=None):
            if stage:
                self.stdout.write(f"  {stage}")
            elif done is not None and total:
                self.stdout.write(f"  {done:,}/{total:,} ({time.monotonic() - started:.1f} dtk)")

        rows = self.read(file)
        result = self.run_import(residents_import, actor=actor, rows=rows, dry_run=dry_run, progress=progress)
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
