from django.core.management.base import BaseCommand
from django.db import connection, transaction

from apps.regions.loading import load_regions


class Command(BaseCommand):
    help = "Muat ulang wilayah Kemendagri dari data idn-area-data (idempoten)."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = load_regions(connection)
        self.stdout.write(self.style.SUCCESS(f"{count} wilayah dibaca."))
