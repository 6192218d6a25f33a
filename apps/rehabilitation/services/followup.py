from datetime import date

from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.residents.models import Case

from .. import permissions
from ..followup import schedule_for
from ..models import FollowUpVisit
from ._base import not_in_future, require, service


@service
def followup_visit_record(
    *, actor, case: Case, months: int, visited_on: date, outcome: str, notes: str = ""
) -> FollowUpVisit:
    """Record the follow-up visit that answers the one due ``months`` after closing.

    Only a scheduled interval of a case with follow-up can be answered, once (the
    database keeps one visit per case and interval); the visit lies between the closing
    day and today. Staff of the institution where the case closed record it.
    """
    require(permissions.can_follow_up(actor, case), _("Anda tidak berwenang mencatat bimbingan lanjut ini."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    schedule = {item.months: item for item in schedule_for(case)}
    if months not in schedule:
        raise DomainError(_("Tidak ada kunjungan bimbingan lanjut terjadwal untuk interval ini."))
    if schedule[months].is_done:
        raise DomainError(_("Kunjungan untuk interval ini sudah tercatat."))
    not_in_future(visited_on, _("Tanggal kunjungan"))
    if visited_on < case.closed_on:
        raise DomainError(_("Tanggal kunjungan sebelum tanggal terminasi."))
    if outcome not in FollowUpVisit.Outcome.values:
        raise DomainError(_("Pilih hasil kunjungan."))
    visit = FollowUpVisit(case=case, months=months, visited_on=visited_on, outcome=outcome, notes=notes)
    visit.stamp(actor)
    visit.save()
    return visit
