from django.db import migrations


def load(apps, schema_editor):
    from apps.tracks.master_data import COURSE_TYPES, PROGRAMMES, READINESS_CRITERIA

    Programme = apps.get_model("tracks", "Programme")
    CourseType = apps.get_model("tracks", "CourseType")
    ReadinessCriterion = apps.get_model("tracks", "ReadinessCriterion")
    for order, (code, name) in enumerate(PROGRAMMES, start=1):
        Programme.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
    for order, (code, name) in enumerate(COURSE_TYPES, start=1):
        CourseType.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
    if not ReadinessCriterion.objects.exists():
        for order, (name, weight, required) in enumerate(READINESS_CRITERIA, start=1):
            ReadinessCriterion.objects.create(name=name, weight=weight, required=required, sort_order=order)


class Migration(migrations.Migration):
    dependencies = [("tracks", "0001_budgets_training_readiness_business")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
