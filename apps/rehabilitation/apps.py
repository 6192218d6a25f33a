from django.apps import AppConfig


class RehabilitationConfig(AppConfig):
    name = "apps.rehabilitation"
    label = "rehabilitation"
    verbose_name = "Rehabilitasi sosial"

    def ready(self):
        from django.db.models.signals import post_migrate

        # Flushing the database (transactional tests) empties tables the data migration
        # filled: put the ATENSI master data and the shipped instruments back.
        post_migrate.connect(ensure_master_data, sender=self)
        # The gates hold on every path that changes a stage, the residents' form included.
        from apps.residents.services import register_stage_check

        from .services.stages import residents_stage_check

        register_stage_check(residents_stage_check)


def ensure_master_data(sender, using, **kwargs):
    from django.apps import apps

    from .master_data import ensure_instruments
    from .master_data import ensure_master_data as ensure_components

    get = apps.get_model
    ensure_components(get("rehabilitation", "ServiceComponent"), get("rehabilitation", "ServiceType"))
    ensure_instruments(
        get("rehabilitation", "Instrument"),
        get("rehabilitation", "Domain"),
        get("rehabilitation", "Question"),
        get("institutions", "WelfareCategory"),
    )
