from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "apps.institutions"
    label = "institutions"
    verbose_name = "Lembaga"
