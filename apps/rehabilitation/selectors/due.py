"""What is due: assessments, reassessments, plan reviews and follow-up visits."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from apps.institutions.models import Membership
from apps.institutions.scope import UserScope
from apps.residents.models import Case

from .. import conf
from ..dates import add_months
from ..followup import has_follow_up, schedule_for, visits_by_case
from ..models import Assessment, CaseWorker, PlanVersion

KIND_LABELS = {
    "assessment": _("Asesmen awal"),
    "reassessment": _("Asesmen ulang"),
    "plan_review": _("Tinjau rencana intervensi"),
    "follow_up": _("Kunjungan bimbingan lanjut"),
}
BANDS = ((0, 9, "0-9"), (10, 19, "10-19"), (20, 29, "20-29"), (30, None, "30+"))


@dataclass(frozen=True)
class DueItem:
    case: Case
    kind: str
    due_on: date
    months: int | None = None

    @property
    def label(self):
        return KIND_LABELS[self.kind]

    def is_overdue(self, on: date) -> bool:
        return self.due_on < on


def _with_due_fields(cases):
    latest = Assessment.objects.filter(case=OuterRef("pk"), status=Assessment.Status.COMPLETED).order_by(
        "-assessed_on", "-id"
    )
    plan = PlanVersion.objects.filter(case=OuterRef("pk"), status=PlanVersion.Status.APPROVED).order_by(
        "-number"
    )
    return cases.annotate(
        last_assessed_on=Max("assessments__assessed_on", filter=Q(assessments__status="completed")),
        repeat_months=Subquery(latest.values("instrument__repeat_months")[:1]),
        plan_review_on=Subquery(plan.values("review_on")[:1]),
    )


def due_items(cases) -> list[DueItem]:
    """Every due item of ``cases`` (annotated by ``_with_due_fields``), two queries in all."""
    cases = list(cases)
    visits = visits_by_case([c.pk for c in cases if c.closed_on is not None])
    items = []
    for case in cases:
        if case.closed_on is None:
            if case.last_assessed_on is None:
                due = case.opened_on + timedelta(days=conf.first_assessment_days())
                items.append(DueItem(case, "assessment", due))
            else:
                months = case.repeat_months or conf.reassessment_months()
                items.append(DueItem(case, "reassessment", add_months(case.last_assessed_on, months)))
            if case.plan_review_on is not None:
                items.append(DueItem(case, "plan_review", case.plan_review_on))
        else:
            for visit in schedule_for(case, visits.get(case.pk, [])):
                if not visit.is_done:
                    items.append(DueItem(case, "follow_up", visit.due_on, visit.months))
    return items


def _worked_cases(on: date):
    """Open cases, and closed ones whose follow-up may still be due (closed within the
    last follow-up interval plus a year of lateness), with what the list shows."""
    oldest = add_months(on, -(max(conf.follow_up_months(), default=12) + 12))
    return _with_due_fields(
        Case.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=oldest)).select_related(
            "resident", "institution", "worker__worker"
        )
    )


def my_cases(*, user, on: date) -> dict:
    """The worker's cases with their stage, and their due items: overdue first (oldest
    first), then due within 7 days."""
    # A case transferred to another institution leaves the worker's list until that
    # institution's head assigns one of its own staff.
    scope = UserScope.of(user)
    mine = _worked_cases(on).filter(worker__worker=scope.user, institution_id__in=list(scope.roles))
    cases = [c for c in mine.order_by("resident__full_name", "id") if c.closed_on is None or has_follow_up(c)]
    soon = on + timedelta(days=conf.DUE_SOON_DAYS)
    items = sorted(
        (item for item in due_items(cases) if item.due_on <= soon),
        key=lambda item: (not item.is_overdue(on), item.due_on, item.case.resident.full_name, item.kind),
    )
    return {
        "cases": cases,
        "overdue": [i for i in items if i.is_overdue(on)],
        "soon": [i for i in items if not i.is_overdue(on)],
    }


def band_of(count: int) -> str:
    for low, high, label in BANDS:
        if count >= low and (high is None or count <= high):
            return label
    return BANDS[-1][2]


@dataclass
class WorkerLoad:
    worker: object
    open_cases: int
    overdue: int

    @property
    def band(self) -> str:
        return band_of(self.open_cases)


def caseload(*, institution, on: date) -> dict:
    """Open cases per worker of ``institution`` with their band (0-9, 10-19, 20-29, 30+)
    and how many due items each has overdue; and the open cases nobody is assigned."""
    members = list(
        Membership.objects.filter(institution=institution)
        .select_related("user")
        .order_by("user__username", "id")
    )
    counts = dict(
        CaseWorker.objects.filter(case__institution=institution, case__closed_on__isnull=True)
        .values_list("worker_id")
        .annotate(n=Count("id"))
    )
    overdue: dict[int, int] = {}
    cases = _worked_cases(on).filter(institution=institution, worker__isnull=False)
    for item in due_items(cases):
        if item.is_overdue(on):
            worker_id = item.case.worker.worker_id
            overdue[worker_id] = overdue.get(worker_id, 0) + 1
    rows = [WorkerLoad(m.user, counts.get(m.user_id, 0), overdue.get(m.user_id, 0)) for m in members]
    unassigned = Case.objects.filter(
        institution=institution, closed_on__isnull=True, worker__isnull=True
    ).count()
    bands = {label: sum(1 for r in rows if r.band == label) for _low, _high, label in BANDS}
    return {"rows": rows, "unassigned": unassigned, "bands": bands}
