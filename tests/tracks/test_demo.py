import io
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.institutions import demo as institutions_demo
from apps.institutions.models import Institution
from apps.residents.models import Case
from apps.tracks import demo
from apps.tracks.models import BudgetLine, Business, BusinessVisit, Certificate, Course, KubeGroup
from apps.tracks.selectors.reports import Scope, survival_rows

from .conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db


def _residents(institution, today):
    """Some PM in the panti now, some discharged long ago, some served in the community."""
    for _ in range(12):
        admit(ResidentFactory(registered_at=institution), institution, on=today - timedelta(days=700))
    for n in range(8):
        person = ResidentFactory(registered_at=institution)
        start = today - timedelta(days=900)
        placement = admit(person, institution, on=start, end=start + timedelta(days=60 + n))
        Case.objects.filter(pk=placement.case_id).update(
            closed_on=placement.end, termination_reason="independent", stage="terminasi"
        )
    for _ in range(6):
        ResidentFactory(registered_at=institution)


def test_demo_has_the_seed_allocations_courses_grants_kube_and_survival_and_seeds_once():
    institutions_demo.seed(stdout=io.StringIO(), seed=1)
    today = timezone.localdate()
    for code in ("UPT-PSTW-JEMBER", "UPT-PSBG-TUBAN"):
        _residents(Institution.objects.get(code=code), today)
    out = io.StringIO()
    demo.seed(stdout=out, seed=1)
    assert (
        BudgetLine.objects.get(fiscal_year=today.year, programme__code="kemandirian").allocation
        == 3_170_000_000
    )
    assert (
        BudgetLine.objects.get(fiscal_year=today.year, programme__code="kewirausahaan").allocation
        == 825_000_000
    )
    assert BudgetLine.objects.get(fiscal_year=today.year, programme__code="kube").allocation == 3_300_000_000
    assert BudgetLine.objects.get(fiscal_year=today.year, programme__code="wrse").allocation == 1_620_000_000
    assert (
        BudgetLine.objects.get(fiscal_year=today.year, programme__code="rehsos_upt").allocation
        == 121_769_697_776
    )
    assert Course.objects.count() == 4 and Certificate.objects.exists()
    assert KubeGroup.objects.count() == 2
    assert all(5 <= g.members.count() <= 20 for g in KubeGroup.objects.all())
    first = Business.objects.order_by("started_on").first()
    last_visit = BusinessVisit.objects.order_by("-visited_on").first()
    assert (last_visit.visited_on - first.started_on).days > 365
    year_survival = survival_rows(scope=Scope(), on=today)[2]
    assert year_survival.known > 0 and year_survival.survival_pct is not None

    def counts():
        return [model.objects.count() for model in (BudgetLine, Course, Business, BusinessVisit)]

    before = counts()
    demo.seed(stdout=io.StringIO(), seed=1)
    assert counts() == before
