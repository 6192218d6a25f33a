import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from apps.core.models import SiteFlag


class Command(BaseCommand):
    help = (
        "Muat data demo (lembaga Jawa Timur/Jawa Tengah, akun demo, dan data tiap aplikasi). "
        "Idempoten: menjalankan dua kali tidak menggandakan data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Benih acak agar data dapat diulang.")

    def handle(self, *args, seed, **options):
        # Each app that has demo data offers ``<app>.demo.seed(stdout, seed)``; they run
        # in INSTALLED_APPS order, so an app can use what the apps below it seeded.
        # Looked up by name so core does not import the apps above it.
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if not config.name.startswith("apps.") or importlib.util.find_spec(module_name) is None:
                    continue
                importlib.import_module(module_name).seed(stdout=self.stdout, seed=seed)
            SiteFlag.objects.update_or_create(key=SiteFlag.DEMO_DATA, defaults={"value": "1"})
        self.stdout.write(self.style.SUCCESS("Data demo siap."))
