from django.db import migrations


def load(apps, schema_editor):
    from apps.tracks.master_data import ensure_master_data

    ensure_master_data(
        apps.get_model("tracks", "Programme"),
        apps.get_model("tracks", "CourseType"),
        apps.get_model("tracks", "ReadinessCriterion"),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [("tracks", "0001_budgets_training_readiness_business")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
