from datetime import date

from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.residents.models import Case

from .. import permissions
from ..models import FamilyTracingStep
from ._base import not_in_future, require, service


@service
def family_step_record(
    *, actor, case: Case, kind: str, occurred_on: date, outcome: str = "", notes: str = ""
) -> FamilyTracingStep:
    """One step of family tracing (contact attempt, home visit, family assessment) or its
    outcome (reunified, not suitable, not found), dated, by staff of the case's institution."""
    require(
        permissions.can_work_on(actor, case), _("Anda tidak berwenang mencatat penelusuran keluarga ini.")
    )
    if kind not in FamilyTracingStep.Kind.values:
        raise DomainError(_("Pilih langkah penelusuran."))
    if kind == FamilyTracingStep.Kind.OUTCOME and outcome not in FamilyTracingStep.Outcome.values:
        raise DomainError(_("Pilih hasil penelusuran."))
    if kind != FamilyTracingStep.Kind.OUTCOME:
        outcome = ""
    not_in_future(occurred_on, _("Tanggal"))
    if occurred_on < case.opened_on:
        raise DomainError(_("Tanggal sebelum kasus dibuka."))
    step = FamilyTracingStep(case=case, kind=kind, occurred_on=occurred_on, outcome=outcome, notes=notes)
    step.stamp(actor)
    step.save()
    return step
