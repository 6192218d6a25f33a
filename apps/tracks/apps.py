from django.apps import AppConfig


class TracksConfig(AppConfig):
    name = "apps.tracks"
    label = "tracks"
    verbose_name = "Kemandirian dan kewirausahaan"

    def ready(self):
        from . import imports  # noqa: F401 - registers the imports' job kinds
