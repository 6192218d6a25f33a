from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "apps.surveys"
    label = "surveys"
    verbose_name = "Survei kepuasan (SKM/IKM)"

    def ready(self):
        from . import imports  # noqa: F401 - registers the import's job kind
