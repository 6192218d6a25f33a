"""Writes of the reports app: only its own records (the monthly reports)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.institutions.models import Institution

from . import census, permissions
from .models import SNAPSHOT_FIELDS, MonthlyReport


def snapshot_of(row: census.Census) -> dict:
    return {name: getattr(row, name) for name in SNAPSHOT_FIELDS} | {
        "discharges_by_reason": dict(row.discharges_by_reason)
    }


@transaction.atomic
def monthly_report_submit(
    *, actor, institution: Institution, month: census.Month, notes: str
) -> MonthlyReport:
    """The head submits the month's report: the census as computed now is kept as its
    snapshot, with who and when. Only a month that has ended; submitting again (after a
    revision) replaces the snapshot and counts the submission."""
    if not permissions.can_submit_monthly_report(actor, institution):
        raise DomainError(_("Hanya kepala lembaga yang dapat mengirim laporan bulanan."))
    if month.next_first > timezone.localdate():
        raise DomainError(_("Laporan bulanan dapat dikirim setelah bulannya berakhir."))
    # The row is locked so two submissions of the same month cannot interleave.
    report, _created = MonthlyReport.objects.select_for_update(of=("self",)).get_or_create(
        institution=institution, month=month.first, defaults={"created_by": actor, "updated_by": actor}
    )
    (row,) = census.census_by_institution(Institution.objects.filter(pk=institution.pk), [month])
    report.snapshot = snapshot_of(row)
    report.notes = notes.strip()
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.submissions += 1
    report.stamp(actor)
    report.save()
    return report


@transaction.atomic
def monthly_report_notes_save(
    *, actor, institution: Institution, month: census.Month, notes: str
) -> MonthlyReport:
    """Staff write the month's notes before the head submits (a draft, no snapshot)."""
    if not permissions.can_write_monthly_notes(actor, institution):
        raise DomainError(_("Anda tidak berwenang menulis catatan laporan lembaga ini."))
    report, _created = MonthlyReport.objects.select_for_update(of=("self",)).get_or_create(
        institution=institution, month=month.first, defaults={"created_by": actor, "updated_by": actor}
    )
    report.notes = notes.strip()
    report.stamp(actor)
    report.save(update_fields=["notes", "updated_at", "updated_by"])
    return report
