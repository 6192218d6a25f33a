from django.db import migrations


def load(apps, schema_editor):
    from apps.rehabilitation.master_data import ensure_instruments, ensure_master_data

    get = apps.get_model
    ensure_master_data(get("rehabilitation", "ServiceComponent"), get("rehabilitation", "ServiceType"))
    ensure_instruments(
        get("rehabilitation", "Instrument"),
        get("rehabilitation", "Domain"),
        get("rehabilitation", "Question"),
        get("institutions", "WelfareCategory"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("rehabilitation", "0002_case_work"),
        ("institutions", "0002_load_welfare_categories"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
