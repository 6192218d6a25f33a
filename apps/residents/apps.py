from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "apps.residents"
    label = "residents"
    verbose_name = "Penerima manfaat"

    def ready(self):
        from . import exports, imports  # noqa: F401 - register the import's and the export's job kinds
