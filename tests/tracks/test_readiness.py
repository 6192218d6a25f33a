from datetime import date

import pytest

from apps.core.errors import DomainError
from apps.tracks import services
from apps.tracks.models import ReadinessAssessment, ReadinessCriterion
from apps.tracks.readiness import discharge_problem, readiness_problem_for_discharge

pytestmark = pytest.mark.django_db


def scores(value=4, **overrides):
    criteria = ReadinessCriterion.objects.filter(is_active=True).order_by("sort_order", "id")
    return {c.pk: overrides.get(str(c.sort_order), value) for c in criteria}


def assess(actor, pm, institution, outcome="ready", **kwargs):
    return services.readiness_assess(
        actor=actor, resident=pm, institution=institution, assessed_on=date(2025, 6, 1),
        scores=kwargs.pop("given", scores()), outcome=outcome, **kwargs,
    )  # fmt: skip


def test_the_score_is_the_weighted_share_of_the_maximum(staff_jember, jember, pm):
    # Seeded weights 3, 3, 2, 2, 1: scores 4, 2, 4, 0, 3 -> (12 + 6 + 8 + 0 + 3) / (4 x 11) = 65.9 %.
    given = scores(**{"1": 4, "2": 2, "3": 4, "4": 0, "5": 3})
    assessment = assess(staff_jember, pm, jember, outcome="extend", given=given)
    assert str(assessment.score_pct) == "65.9"
    assert assessment.scores.count() == 5
    assert not assessment.is_approved


def test_ready_needs_every_required_criterion_scored_at_least_two(staff_jember, jember, pm):
    with pytest.raises(DomainError) as exc:
        assess(staff_jember, pm, jember, given=scores(**{"2": 1}))
    assert exc.value.code == "required_not_met"
    assess(staff_jember, pm, jember, outcome="extend", given=scores(**{"2": 1}))


def test_only_the_head_approves(staff_jember, head_jember, jember, pm):
    assessment = assess(staff_jember, pm, jember)
    with pytest.raises(DomainError) as exc:
        services.readiness_approve(actor=staff_jember, assessment=assessment)
    assert exc.value.code == "forbidden"
    approved = services.readiness_approve(actor=head_jember, assessment=assessment)
    assert approved.approved_by == head_jember and approved.is_approved


def test_discharge_rule_is_pure():
    ready = ReadinessAssessment(outcome="ready")
    extend = ReadinessAssessment(outcome="extend")
    assert discharge_problem(ready, "independent", "") is None
    assert discharge_problem(extend, "independent", "Sudah bekerja di bengkel") is None
    assert "perpanjang" in discharge_problem(extend, "independent", " ").lower()
    assert "penilaian kesiapan" in discharge_problem(None, "independent", "")
    assert discharge_problem(None, "returned_to_family", "") is None


def test_discharge_as_independent_reads_the_latest_approved_outcome(staff_jember, head_jember, jember, pm):
    assert readiness_problem_for_discharge(pm, "independent", "") is not None
    assessment = assess(staff_jember, pm, jember)
    assert readiness_problem_for_discharge(pm, "independent", "") is not None  # not approved yet
    services.readiness_approve(actor=head_jember, assessment=assessment)
    assert readiness_problem_for_discharge(pm, "independent", "") is None
    assert readiness_problem_for_discharge(pm, "died", "") is None


def test_a_pm_of_another_institution_cannot_be_assessed(staff_jember, jember, tuban):
    from .conftest import ResidentFactory

    with pytest.raises(DomainError) as exc:
        assess(staff_jember, ResidentFactory(registered_at=tuban), jember)
    assert exc.value.code == "not_here"
