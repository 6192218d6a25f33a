from datetime import date

import pytest
from django.db import IntegrityError, transaction

from apps.core.errors import DomainError
from apps.rehabilitation import services
from apps.rehabilitation.models import CaseWorker, DomainScore, PlanDecision, PlanVersion, StageChange
from apps.residents.models import Case
from tests.factories import staff_of
from tests.rehabilitation.conftest import approved_plan, assess, core_instrument

pytestmark = pytest.mark.django_db

S = Case.Stage


def move(actor, case, to, **kwargs):
    return services.case_stage_move(actor=actor, case=case, to_stage=to, on=date(2025, 2, 1), **kwargs)


def test_a_move_records_date_actor_and_stages(staff_jember, open_case):
    change = move(staff_jember, open_case, S.ASSESSMENT)
    open_case.refresh_from_db()
    assert open_case.stage == S.ASSESSMENT
    assert (change.from_stage, change.to_stage, change.changed_on, change.created_by) == (
        S.APPROACH, S.ASSESSMENT, date(2025, 2, 1), staff_jember
    )  # fmt: skip
    assert open_case.history.last().pgh_context.metadata["user"] == staff_jember.pk


def test_leaving_assessment_needs_a_completed_assessment(staff_jember, open_case):
    move(staff_jember, open_case, S.ASSESSMENT)
    with pytest.raises(DomainError) as exc:
        move(staff_jember, open_case, S.PLANNING)
    assert exc.value.code == "gate"
    assess(staff_jember, open_case, date(2025, 1, 20))
    move(staff_jember, open_case, S.PLANNING)


def test_skipping_stages_still_passes_every_gate(staff_jember, open_case):
    with pytest.raises(DomainError):
        move(staff_jember, open_case, S.INTERVENTION)
    assess(staff_jember, open_case, date(2025, 1, 20))
    with pytest.raises(DomainError, match="rencana"):
        move(staff_jember, open_case, S.INTERVENTION)


def test_leaving_planning_needs_an_approved_plan(staff_jember, head_jember, open_case):
    assess(staff_jember, open_case, date(2025, 1, 20))
    move(staff_jember, open_case, S.PLANNING)
    with pytest.raises(DomainError):
        move(staff_jember, open_case, S.INTERVENTION)
    approved_plan(staff_jember, head_jember, open_case)
    move(staff_jember, open_case, S.INTERVENTION)


def test_moving_back_needs_a_reason(staff_jember, open_case):
    move(staff_jember, open_case, S.ASSESSMENT)
    with pytest.raises(DomainError) as exc:
        move(staff_jember, open_case, S.APPROACH)
    assert exc.value.code == "reason_required"
    change = move(staff_jember, open_case, S.APPROACH, reason="PM belum bersedia diases")
    assert change.is_backward
    assert StageChange.objects.filter(case=open_case).count() == 2


def test_another_institution_may_not_move_the_stage(staff_tuban, open_case):
    with pytest.raises(DomainError):
        move(staff_tuban, open_case, S.ASSESSMENT)


def test_only_the_head_assigns_a_worker_of_the_institution(staff_jember, head_jember, staff_tuban, open_case):
    with pytest.raises(DomainError):
        services.case_worker_assign(actor=staff_jember, case=open_case, worker=staff_jember)
    with pytest.raises(DomainError):
        services.case_worker_assign(actor=head_jember, case=open_case, worker=staff_tuban)
    services.case_worker_assign(actor=head_jember, case=open_case, worker=staff_jember)
    other = staff_of(open_case.institution, username="petugas_lain")
    assignment = services.case_worker_assign(actor=head_jember, case=open_case, worker=other)
    assert CaseWorker.objects.get(case=open_case).worker == other
    assert assignment.history.count() == 2


def test_assessment_needs_every_domain_scored_within_one_to_four(staff_jember, open_case):
    domains = list(core_instrument().domains.order_by("order"))
    args = {
        "actor": staff_jember,
        "case": open_case,
        "instrument": core_instrument(),
        "assessed_on": date(2025, 1, 20),
    }
    with pytest.raises(DomainError):
        services.assessment_record(scores={domains[0].pk: 3}, **args)
    with pytest.raises(DomainError):
        services.assessment_record(scores={d.pk: 5 for d in domains}, **args)
    assessment = services.assessment_record(scores={d.pk: 2 for d in domains}, **args)
    assert assessment.scores.count() == 5


def test_the_database_keeps_domain_scores_within_range(staff_jember, open_case):
    assessment = assess(staff_jember, open_case, date(2025, 1, 20))
    with pytest.raises(IntegrityError) as exc:
        DomainScore.objects.filter(assessment=assessment).update(score=0)
    assert exc.value.__cause__.diag.constraint_name == "domainscore_in_range"


def test_the_elderly_instrument_applies_only_to_elderly_categories(staff_jember, open_case):
    from apps.rehabilitation.models import Instrument

    elderly = Instrument.objects.get(code="lansia")
    assert services.instrument_applies(elderly, open_case.resident)  # LUT
    assert services.instrument_applies(core_instrument(), open_case.resident)


def test_plan_versions_one_open_at_a_time_and_the_approval_is_kept(staff_jember, head_jember, open_case):
    first = approved_plan(staff_jember, head_jember, open_case)
    assert first.status == PlanVersion.Status.APPROVED
    goals = [{"domain": None, "text": "Bekerja di bengkel", "target_on": date(2025, 11, 1)}]
    args = {"actor": staff_jember, "case": open_case, "review_on": date(2025, 12, 1), "services": []}
    second = services.plan_version_create(goals=goals, **args)
    assert second.number == 2
    with pytest.raises(DomainError):
        services.plan_version_create(goals=goals, **args)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        PlanVersion.objects.create(case=open_case, number=9, review_on=date(2025, 12, 1))
    assert exc.value.__cause__.diag.constraint_name == "plan_one_open_version"
    services.plan_submit(actor=staff_jember, version=second)
    with pytest.raises(DomainError):
        services.plan_decide(actor=staff_jember, version=second, approve=True)
    with pytest.raises(DomainError):
        services.plan_decide(actor=head_jember, version=second, approve=False)
    services.plan_decide(actor=head_jember, version=second, approve=False, note="Tujuan belum terukur")
    second.refresh_from_db()
    assert second.status == PlanVersion.Status.RETURNED
    decisions = PlanDecision.objects.filter(version__case=open_case).order_by("id")
    assert [(d.decision, d.created_by) for d in decisions] == [
        ("approved", head_jember), ("returned", head_jember)
    ]  # fmt: skip
