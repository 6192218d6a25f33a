from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Inti"

    def ready(self):
        from . import checks, converters  # noqa: F401 - checks register themselves

        converters.register()
