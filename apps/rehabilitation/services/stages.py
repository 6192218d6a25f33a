from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.institutions.scope import UserScope
from apps.residents.models import Case

from .. import permissions
from ..models import STAGE_ORDER, Assessment, CaseWorker, PlanVersion, StageChange
from ._base import not_in_future, require, service, today

# A stage that may only be left forward once its work is done: stage → (test, message).
GATES = {
    Case.Stage.ASSESSMENT: (
        lambda case: Assessment.objects.filter(case=case, status=Assessment.Status.COMPLETED).exists(),
        _("Tahap asesmen hanya dapat dilewati setelah ada asesmen yang selesai."),
    ),
    Case.Stage.PLANNING: (
        lambda case: PlanVersion.objects.filter(case=case, status=PlanVersion.Status.APPROVED).exists(),
        _("Tahap rencana intervensi hanya dapat dilewati setelah rencana disetujui kepala."),
    ),
}


def gate_failures(case: Case, to_stage: str) -> list[str]:
    """Messages of the gates a forward move from ``case.stage`` to ``to_stage`` passes
    and does not satisfy. Skipping stages passes every gate in between."""
    start, end = STAGE_ORDER.index(case.stage), STAGE_ORDER.index(to_stage)
    failures = []
    for stage in STAGE_ORDER[start:end]:
        if stage in GATES and not GATES[stage][0](case):
            failures.append(str(GATES[stage][1]))
    return failures


def residents_stage_check(case: Case, to_stage: str) -> list[str]:
    """The gates, for a stage changed outside this app (the residents' stage form): a move
    back needs the reason only the rehabilitation page asks for."""
    if to_stage not in STAGE_ORDER or case.stage not in STAGE_ORDER:
        return []
    if case.closed_on is None and STAGE_ORDER.index(to_stage) < STAGE_ORDER.index(case.stage):
        return [str(_("Kembali ke tahap sebelumnya memerlukan alasan: ubah tahap di halaman rehabilitasi."))]
    return gate_failures(case, to_stage)


@service
def case_stage_move(
    *, actor, case: Case, to_stage: str, on: date | None = None, reason: str = ""
) -> StageChange:
    """Move a case to another stage (PP 39/2012), recording the day, the actor and why.

    Moving back needs a reason. Leaving asesmen forward needs a completed assessment,
    leaving rencana intervensi forward an approved plan. A closed case may only be in
    terminasi or bimbingan lanjut (as ``residents.services.case_stage_set``).
    """
    require(permissions.can_work_on(actor, case), _("Anda tidak berwenang mengubah tahap kasus ini."))
    if to_stage not in STAGE_ORDER:
        raise DomainError(_("Tahap tidak dikenal."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    on = on or today()
    not_in_future(on, _("Tanggal perubahan tahap"))
    if on < case.opened_on:
        raise DomainError(_("Tanggal perubahan tahap sebelum kasus dibuka."))
    if case.stage == to_stage:
        raise DomainError(_("Kasus sudah berada di tahap ini."))
    if case.closed_on is not None and to_stage not in (Case.Stage.TERMINATION, Case.Stage.AFTERCARE):
        raise DomainError(_("Kasus sudah ditutup: hanya tahap terminasi atau bimbingan lanjut."))
    backward = STAGE_ORDER.index(to_stage) < STAGE_ORDER.index(case.stage)
    reason = reason.strip()
    if backward and not reason:
        raise DomainError(_("Kembali ke tahap sebelumnya memerlukan alasan."), code="reason_required")
    if not backward:
        failures = gate_failures(case, to_stage)
        if failures:
            raise DomainError(" ".join(failures), code="gate")
    change = StageChange(case=case, from_stage=case.stage, to_stage=to_stage, changed_on=on, reason=reason)
    change.stamp(actor)
    change.save()
    Case.objects.filter(pk=case.pk).update(stage=to_stage, updated_at=timezone.now(), updated_by=actor)
    return change


@service
def case_worker_assign(*, actor, case: Case, worker, on: date | None = None) -> CaseWorker:
    """The head of the case's institution assigns (or reassigns) its social worker, who
    must be staff or head of that institution."""
    require(
        permissions.is_head_for(actor, case), _("Hanya kepala lembaga yang dapat menugaskan pekerja sosial.")
    )
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not UserScope.of(worker).is_member_of(case.institution_id):
        raise DomainError(_("Pekerja sosial harus petugas lembaga penanggung jawab kasus."))
    on = on or today()
    not_in_future(on, _("Tanggal penugasan"))
    current = CaseWorker.objects.select_for_update().filter(case=case).first()
    if current is None:
        current = CaseWorker(case=case)
    elif current.worker_id == worker.pk:
        return current
    current.worker = worker
    current.assigned_on = on
    current.stamp(actor)
    current.save()
    return current
