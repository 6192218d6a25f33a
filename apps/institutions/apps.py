from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "apps.institutions"
    label = "institutions"
    verbose_name = "Lembaga"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(ensure_master_data, sender=self)
        from . import imports  # noqa: F401 - registers the import's job kind


def ensure_master_data(sender, using, **kwargs):
    from .master_data import ensure_welfare_categories
    from .models import WelfareCategory

    if not WelfareCategory.objects.using(using).exists():
        ensure_welfare_categories(WelfareCategory.objects.db_manager(using).model)
