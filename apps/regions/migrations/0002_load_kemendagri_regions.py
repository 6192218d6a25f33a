from django.db import migrations


def load(apps, schema_editor):
    # The loader is plain SQL (COPY into a temporary table, then an upsert), so it
    # does not depend on the current model code.
    from apps.regions.loading import load_regions

    load_regions(schema_editor.connection)


class Migration(migrations.Migration):
    """Master data: the 38 provinces, 514 kab/kota, 7,285 kecamatan and 83,762
    desa/kelurahan of Kepmendagri 2025 (idn-area-data, ODbL)."""

    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
