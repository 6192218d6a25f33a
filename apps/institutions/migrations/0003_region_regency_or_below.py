from django.db import migrations


class Migration(migrations.Migration):
    """An institution lies in a kab/kota or finer region, never a province alone.

    Django cannot express a check on a foreign key's column, so this is SQL."""

    dependencies = [("institutions", "0002_load_welfare_categories")]
    operations = [
        migrations.RunSQL(
            "ALTER TABLE institutions_institution ADD CONSTRAINT institution_region_regency_or_below "
            "CHECK (region_id ~ '^[0-9]{2}\\.[0-9]{2}')",
            "ALTER TABLE institutions_institution DROP CONSTRAINT institution_region_regency_or_below",
        )
    ]
