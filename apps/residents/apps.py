from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "apps.residents"
    label = "residents"
    verbose_name = "Penerima manfaat"
