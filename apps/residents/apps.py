from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "apps.residents"
    label = "residents"
    verbose_name = "Penerima manfaat"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import exports, imports  # noqa: F401 - register the import's and the export's job kinds
        from .context_processors import remember_headship
        from .referral_selectors import referral_timeline_entries
        from .timeline import register_timeline_source

        user_logged_in.connect(remember_headship, dispatch_uid="residents.remember_headship")
        # Referral steps and over-capacity requests are lines of the file's timeline.
        register_timeline_source(referral_timeline_entries)
