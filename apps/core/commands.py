"""What every import command does alike: read the file, report each bad row, exit non-zero."""

from django.core.management.base import BaseCommand, CommandError

from .errors import DomainError, ImportRejected
from .imports import spec_of, with_codes
from .spreadsheets import read_rows


class ImportCommand(BaseCommand):
    """An import from ``FILE`` (XLSX or CSV): English column codes or their Indonesian
    labels; all rows or none; every bad row on stderr with its number."""

    kind = ""  # the ImportSpec it runs

    def add_arguments(self, parser):
        parser.add_argument("file")

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
