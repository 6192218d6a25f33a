import django.db.models.lookups
from django.db import migrations, models

RAW_CHECK = "CHECK (region_id ~ '^[0-9]{2}\\.[0-9]{2}')"


class Migration(migrations.Migration):
    """The region check of 0003 (raw SQL, unseen by Django) becomes Institution.Meta.constraints.

    Same name, same rule: the raw constraint is dropped and Django adds its own, so
    ``makemigrations`` now knows about it and model validation runs it too."""

    dependencies = [("institutions", "0003_region_regency_or_below")]
    operations = [
        migrations.RunSQL(
            "ALTER TABLE institutions_institution DROP CONSTRAINT institution_region_regency_or_below",
            f"ALTER TABLE institutions_institution ADD CONSTRAINT institution_region_regency_or_below {RAW_CHECK}",
        ),
        migrations.AddConstraint(
            model_name="institution",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.Regex(models.F("region"), "^[0-9]{2}\\.[0-9]{2}"),
                name="institution_region_regency_or_below",
            ),
        ),
    ]
