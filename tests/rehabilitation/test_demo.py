"""The demo fills every part of case work for the demo institutions, idempotently."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from apps.institutions.models import Institution
from apps.rehabilitation.followup import closed_cases, scheduled_visits
from apps.rehabilitation.models import (
    Assessment,
    Attendance,
    CaseWorker,
    FamilyTracingStep,
    FollowUpVisit,
    GroupActivity,
    PlanVersion,
    ProgressNote,
)


def _counts():
    return [m.objects.count() for m in (CaseWorker, Assessment, PlanVersion, GroupActivity, FollowUpVisit)]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        first = _counts()
        call_command("seed_demo", stdout=StringIO())
        yield first, _counts()
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_seeding_again_adds_no_case_work(demo):
    first, second = demo
    assert first == second


def test_demo_fills_every_part_for_jember(demo):
    jember = Institution.objects.get(code="UPT-PSTW-JEMBER")
    at = {"case__institution": jember}
    assert CaseWorker.objects.filter(**at, worker__username="petugas").count() >= 8
    assessed = Assessment.objects.filter(**at).values_list("case_id", flat=True)
    assert len(assessed) > len(set(assessed))  # some case has a reassessment
    assert PlanVersion.objects.filter(**at, status="approved").exists()
    assert Attendance.objects.filter(activity__institution=jember, present=True).count() >= 5
    assert set(ProgressNote.objects.filter(**at).values_list("level", flat=True)) == {
        "institution",
        "team",
        "author",
    }
    assert FamilyTracingStep.objects.filter(**at, kind="outcome").exists()
    today = timezone.localdate()
    statuses = {item.status(today) for item in scheduled_visits(closed_cases(institution_ids=[jember.pk]))}
    assert {"done", "overdue", "due"} <= statuses
