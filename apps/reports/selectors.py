"""Reads of the dashboards: figures across institutions, scoped to what the user may see."""

from datetime import date

from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.institutions.models import Institution
from apps.institutions.scope import UserScope
from apps.residents.models import ResidentEvent
from apps.residents.selectors import occupied_places

OVERDUE_LEAVES_SHOWN = 20


def occupancy_by_institution(*, user, on: date | None = None):
    """Institutions ``user`` may see with ``occupied`` places on ``on`` (today), in one query."""
    return Institution.objects.visible_to(user).annotate(occupied=occupied_places(on)).order_by("name", "id")


def overdue_leaves(*, user, on: date | None = None):
    """Home leaves past their expected return on ``on`` (today), of residents at
    institutions ``user`` may see, oldest expected return first."""
    on = on or timezone.localdate()
    return (
        ResidentEvent.objects.overdue_leaves(on)
        .filter(placement__institution__in=Institution.objects.visible_to(user).values("pk"))
        .select_related("resident", "placement", "placement__institution")
        .order_by("expected_return_on", "id")
    )


def home_dashboard(*, user, on: date | None = None) -> dict:
    """What the home page shows: the user's own institutions, the institutions they
    supervise (or all, for administrators) with occupancy, and overdue home leaves."""
    on = on or timezone.localdate()
    with_occupancy = occupancy_by_institution(user=user, on=on).select_related("region")
    with_occupancy = with_occupancy.annotate(occupied_now=Coalesce("occupied", 0))
    scope = UserScope.of(user)
    own_ids = sorted(scope.roles)
    return {
        "own": list(with_occupancy.filter(pk__in=own_ids, is_active=True)) if own_ids else [],
        "supervised": with_occupancy.filter(is_active=True) if scope.is_wide else None,
        "overdue_leaves": list(overdue_leaves(user=user, on=on)[:OVERDUE_LEAVES_SHOWN]),
        "on": on,
    }
