from django.db import migrations


def backfill(apps, schema_editor):
    from apps.residents.models import INSTITUTION_IDS_REFRESH_SQL

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(INSTITUTION_IDS_REFRESH_SQL)


class Migration(migrations.Migration):
    """Fill ``Resident.institution_ids`` for residents written before its triggers existed."""

    dependencies = [("residents", "0004_resident_institution_ids")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
