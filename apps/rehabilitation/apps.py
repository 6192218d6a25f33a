from django.apps import AppConfig


class RehabilitationConfig(AppConfig):
    name = "apps.rehabilitation"
    label = "rehabilitation"
    verbose_name = "Rehabilitasi sosial"
