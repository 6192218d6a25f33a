"""What every import command does alike: read the file, report each bad row, exit non-zero."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from .errors import DomainError, ImportRejected
from .imports import spec_of, with_codes
from .spreadsheets import read_rows


class ImportCommand(BaseCommand):
    """An import from ``FILE`` (XLSX or CSV): English column codes or their Indonesian
    labels; all rows or none; every bad row on stderr with its number."""

    kind = ""  # the ImportSpec it runs
    # For the plain imports: ``importer(actor=, rows=)`` writes, ``summary(result)`` says so.
    importer = None
    summary = None

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--user", help="Nama pengguna yang mengimpor (dicatat di riwayat audit); tanpa ini: operator."
        )

    def handle(self, *args, file, user=None, **options):
        rows = self.read(file)
        result = self.run_import(type(self).importer, actor=self.actor(user), rows=rows)
        self.stdout.write(self.style.SUCCESS(type(self).summary(result)))

    def actor(self, username: str | None):
        """The active user named by ``--user``, or None (an operator at the shell)."""
        if not username:
            return None
        actor = get_user_model().objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"Pengguna tidak ditemukan: {username}")
        return actor

    def read(self, file) -> list:
        try:
            return list(with_codes(read_rows(file), spec_of(self.kind)))
        except FileNotFoundError as exc:
            raise CommandError(f"Berkas tidak ditemukan: {file}") from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def run_import(self, func, **kwargs):
        """``func(**kwargs)``, with a refusal turned into the command's error output."""
        try:
            return func(**kwargs)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(exc.message) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
