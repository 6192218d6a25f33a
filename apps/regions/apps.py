from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "apps.regions"
    label = "regions"
    verbose_name = "Wilayah"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(ensure_regions, sender=self)


def ensure_regions(sender, using, **kwargs):
    """Reload regions when their table is empty: after a test flush, regions must come back
    like Django's content types do."""
    from django.db import connections

    from .loading import load_regions
    from .models import Region

    if not Region.objects.using(using).exists():
        load_regions(connections[using])
