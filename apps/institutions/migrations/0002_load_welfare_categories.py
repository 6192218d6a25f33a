from django.db import migrations


def load(apps, schema_editor):
    from apps.institutions.master_data import ensure_welfare_categories

    ensure_welfare_categories(apps.get_model("institutions", "WelfareCategory"))


class Migration(migrations.Migration):
    dependencies = [("institutions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
