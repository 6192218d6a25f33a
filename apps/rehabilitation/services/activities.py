from datetime import date

from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.institutions.scope import UserScope
from apps.residents.models import Case, Placement

from .. import permissions
from ..models import Attendance, GroupActivity, IndividualSession
from ._base import not_in_future, require, service


def _check_delivery(actor, institution_id, facilitator, held_on, duration_minutes):
    if not UserScope.of(facilitator).is_member_of(institution_id):
        raise DomainError(_("Fasilitator harus petugas lembaga ini."))
    not_in_future(held_on, _("Tanggal kegiatan"))
    if not duration_minutes or duration_minutes <= 0:
        raise DomainError(_("Durasi harus lebih dari nol menit."))


@service
def group_activity_record(
    *,
    actor,
    institution,
    title: str,
    held_on: date,
    service_type,
    component,
    facilitator,
    duration_minutes: int,
    listed_ids,
    present_ids,
    series: str = "",
) -> GroupActivity:
    """A group activity with the attendance of many residents: everyone on the list
    (placed at the institution that day) gets a row, present or not; the database keeps
    one row per resident and activity."""
    require(
        UserScope.of(actor).is_admin or UserScope.of(actor).is_member_of(institution),
        _("Anda tidak berwenang mencatat kegiatan lembaga ini."),
    )
    _check_delivery(actor, institution.pk, facilitator, held_on, duration_minutes)
    listed = set(map(int, listed_ids)) | set(map(int, present_ids))
    present = set(map(int, present_ids))
    if not present:
        raise DomainError(_("Centang sedikitnya satu PM yang hadir."))
    placed = set(
        Placement.objects.filter(
            institution=institution, resident_id__in=listed, period__contains=held_on
        ).values_list("resident_id", flat=True)
    )
    if listed - placed:
        raise DomainError(_("Ada PM yang tidak ditempatkan di lembaga ini pada tanggal kegiatan."))
    activity = GroupActivity(
        institution=institution,
        title=title,
        series=series or title,
        held_on=held_on,
        service_type=service_type,
        component=component,
        facilitator=facilitator,
        duration_minutes=duration_minutes,
    )
    activity.stamp(actor)
    activity.save()
    Attendance.objects.bulk_create(
        [Attendance(activity=activity, resident_id=pk, present=pk in present) for pk in sorted(listed)]
    )
    return activity


@service
def individual_session_record(
    *, actor, case: Case, held_on: date, service_type, component, facilitator, duration_minutes: int, notes=""
) -> IndividualSession:
    """An individual session with one PM, by staff of the case's institution."""
    require(permissions.can_work_on(actor, case), _("Anda tidak berwenang mencatat layanan kasus ini."))
    _check_delivery(actor, case.institution_id, facilitator, held_on, duration_minutes)
    if held_on < case.opened_on:
        raise DomainError(_("Tanggal layanan sebelum kasus dibuka."))
    session = IndividualSession(
        case=case,
        held_on=held_on,
        service_type=service_type,
        component=component,
        facilitator=facilitator,
        duration_minutes=duration_minutes,
        notes=notes,
    )
    session.stamp(actor)
    session.save()
    return session
