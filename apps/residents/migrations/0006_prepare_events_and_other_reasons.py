"""Make the existing rows fit the rules the next migration puts in the database.

- An event with no placement is attached to the resident's placement that holds its day
  (start day to end day); an event no placement holds stops the migration with its ids,
  to be fixed by hand (nothing about a person is deleted).
- A case closed with reason "other" and no note gets a note saying the reason was not
  written down, so the new check ``case_other_reason_has_notes`` holds.
"""

from django.db import migrations
from django.db.models import Q

UNRECORDED_OTHER_REASON = "Alasan lain tidak dicatat (dilengkapi saat pembaruan data)."


def attach_events_and_fill_notes(apps, schema_editor):
    ResidentEvent = apps.get_model("residents", "ResidentEvent")
    Placement = apps.get_model("residents", "Placement")
    Case = apps.get_model("residents", "Case")

    orphans = []
    for event in ResidentEvent.objects.filter(placement__isnull=True).order_by("id"):
        placement = (
            Placement.objects.filter(resident_id=event.resident_id, period__startswith__lte=event.occurred_on)
            .filter(Q(period__upper_inf=True) | Q(period__endswith__gte=event.occurred_on))
            .order_by("-period", "-id")
            .first()
        )
        if placement is None:
            orphans.append(event.pk)
            continue
        ResidentEvent.objects.filter(pk=event.pk).update(placement=placement)
    if orphans:
        raise RuntimeError(
            "Residential events outside every placement of their resident (ids "
            f"{', '.join(map(str, orphans))}): attach them to a placement or correct their date first."
        )

    Case.objects.filter(termination_reason="other", termination_notes__regex=r"^\s*$").update(
        termination_notes=UNRECORDED_OTHER_REASON
    )


class Migration(migrations.Migration):
    dependencies = [
        ("residents", "0005_referrals_and_over_capacity_requests"),
    ]

    operations = [
        migrations.RunPython(attach_events_and_fill_notes, migrations.RunPython.noop),
    ]
