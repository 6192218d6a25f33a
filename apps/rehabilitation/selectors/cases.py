from apps.residents.models import Case
from apps.residents.selectors import resident_get

from ..models import StageChange


def case_for_resident(resident) -> Case | None:
    """The case the tabs show: the open one, else the last closed (it is followed up).
    A resident has at most one open case and it is the latest opened."""
    return (
        Case.objects.filter(resident=resident)
        .select_related("institution", "worker__worker")
        .order_by("-opened_on", "-id")
        .first()
    )


def resident_with_case(*, user, pk):
    """The resident ``user`` may see (404 otherwise) and the case the tabs show."""
    resident = resident_get(user=user, pk=pk)
    return resident, case_for_resident(resident)


def stage_changes(case):
    return StageChange.objects.filter(case=case).select_related("created_by").order_by("changed_on", "id")
