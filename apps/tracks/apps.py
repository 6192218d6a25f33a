from django.apps import AppConfig


class TracksConfig(AppConfig):
    name = "apps.tracks"
    label = "tracks"
    verbose_name = "Kemandirian dan kewirausahaan"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(ensure_master_data, sender=self)
        # "Independent" on the residents' discharge form needs a ready outcome or a reason.
        from apps.residents.forms import DischargeForm

        from . import imports  # noqa: F401 - registers the imports' job kinds
        from .readiness import readiness_problem_for_discharge

        DischargeForm.register_check(readiness_problem_for_discharge)


def ensure_master_data(sender, using, **kwargs):
    """Programmes, course types and readiness criteria come back after a flush (the
    transactional tests' teardown), as the institutions app does for PPKS categories."""
    from django.db import connections

    from .master_data import ensure_master_data as ensure
    from .models import CourseType, Programme, ReadinessCriterion

    # Not after ``migrate tracks zero`` (or before the tables exist).
    if Programme._meta.db_table not in connections[using].introspection.table_names():
        return
    ensure(Programme, CourseType, ReadinessCriterion, using=using)
