from datetime import date

from django.db.models import Max
from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.institutions.scope import UserScope
from apps.residents.models import Case

from .. import permissions
from ..models import PlanDecision, PlanGoal, PlannedService, PlanVersion
from ..models.plans import OPEN_STATUSES
from ._base import require, service


@service
def plan_version_create(
    *, actor, case: Case, review_on: date, goals: list[dict], services: list[dict], summary: str = ""
) -> PlanVersion:
    """A new draft version of the case's plan: goals (per domain, with a target date) and
    planned services (ATENSI component, service type, responsible staff). A case has at
    most one open version (the database holds it); earlier versions stay as they were."""
    require(permissions.can_work_on(actor, case), _("Anda tidak berwenang menyusun rencana kasus ini."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.closed_on is not None:
        raise DomainError(_("Kasus sudah ditutup."))
    if PlanVersion.objects.filter(case=case, status__in=OPEN_STATUSES).exists():
        raise DomainError(_("Masih ada versi rencana yang belum diputuskan."))
    if not goals:
        raise DomainError(_("Rencana memerlukan sedikitnya satu tujuan."))
    for item in services:
        if not UserScope.of(item["responsible"]).is_member_of(case.institution_id):
            raise DomainError(_("Penanggung jawab layanan harus petugas lembaga ini."))
    number = (PlanVersion.objects.filter(case=case).aggregate(n=Max("number"))["n"] or 0) + 1
    version = PlanVersion(case=case, number=number, review_on=review_on, summary=summary)
    version.stamp(actor)
    version.save()
    PlanGoal.objects.bulk_create([PlanGoal(version=version, **goal) for goal in goals])
    PlannedService.objects.bulk_create([PlannedService(version=version, **item) for item in services])
    return version


def _lock(version: PlanVersion) -> PlanVersion:
    return PlanVersion.objects.select_for_update().select_related("case").get(pk=version.pk)


@service
def plan_submit(*, actor, version: PlanVersion) -> PlanVersion:
    """The worker submits a draft to the head."""
    version = _lock(version)
    require(permissions.can_work_on(actor, version.case), _("Anda tidak berwenang mengajukan rencana ini."))
    if version.status != PlanVersion.Status.DRAFT:
        raise DomainError(_("Hanya draf yang dapat diajukan."))
    version.status = PlanVersion.Status.SUBMITTED
    version.stamp(actor)
    version.save(update_fields=["status", "updated_at", "updated_by"])
    return version


@service
def plan_decide(*, actor, version: PlanVersion, approve: bool, note: str = "") -> PlanDecision:
    """The head approves a submitted version (the one approved before it is superseded)
    or returns it with a note. The decision is kept as a ``PlanDecision``."""
    version = _lock(version)
    require(
        permissions.is_head_for(actor, version.case), _("Hanya kepala lembaga yang dapat memutuskan rencana.")
    )
    if version.status != PlanVersion.Status.SUBMITTED:
        raise DomainError(_("Hanya rencana yang diajukan yang dapat diputuskan."))
    note = note.strip()
    if not approve and not note:
        raise DomainError(_("Tuliskan catatan saat mengembalikan rencana."))
    if approve:
        PlanVersion.objects.filter(case_id=version.case_id, status=PlanVersion.Status.APPROVED).update(
            status=PlanVersion.Status.SUPERSEDED
        )
        version.status = PlanVersion.Status.APPROVED
    else:
        version.status = PlanVersion.Status.RETURNED
    version.stamp(actor)
    version.save(update_fields=["status", "updated_at", "updated_by"])
    decision = PlanDecision(
        version=version,
        decision=PlanDecision.Decision.APPROVED if approve else PlanDecision.Decision.RETURNED,
        note=note,
    )
    decision.stamp(actor)
    decision.save()
    return decision
