"""Reads of the home page: figures across institutions, scoped to what the user may see.

Occupancy comes from ``apps.reports.census``, like every other figure of the reports."""

from datetime import date

from django.utils import timezone

from apps.institutions.models import Institution
from apps.institutions.scope import UserScope
from apps.regions.models import Region
from apps.residents.models import ResidentEvent

from . import census
from .attention import attention_list

OVERDUE_LEAVES_SHOWN = 20


def with_occupancy(institutions, on: date) -> list:
    """``institutions`` (a list or a page) with ``occupied_now`` set from the census: one query."""
    institutions = list(institutions)
    if institutions:
        figures = census.occupancy_on(Institution.objects.filter(pk__in=[i.pk for i in institutions]), on)
        by_id = {int(f.key): f.residents for f in figures}
        for institution in institutions:
            institution.occupied_now = by_id.get(institution.pk, 0)
    return institutions


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


def province_totals(*, user, on: date) -> dict:
    """The occupancy of the user's active institutions per province, with their total."""
    rows = census.occupancy_on(Institution.objects.visible_to(user).active(), on, group_by="province")
    names = dict(Region.objects.filter(code__in=[r.key for r in rows]).values_list("code", "name"))
    for row in rows:
        row.extra["name"] = names.get(row.key, row.key)
    return {"rows": rows, "total": census.total(rows)}


def home_dashboard(*, user, on: date | None = None) -> dict:
    """What the home page shows: the user's own institutions with occupancy; for supervisors
    and administrators the institutions they see (to be paged, then ``with_occupancy``) and
    the province totals; for them and heads the attention list, for staff the overdue leaves."""
    on = on or timezone.localdate()
    scope = UserScope.of(user)
    own_ids = sorted(scope.roles)
    own = []
    if own_ids:
        own = with_occupancy(
            Institution.objects.filter(pk__in=own_ids, is_active=True)
            .select_related("region")
            .order_by("name", "id"),
            on,
        )
    supervised = None
    if scope.is_wide:
        supervised = (
            Institution.objects.visible_to(scope).active().select_related("region").order_by("name", "id")
        )
    attention = attention_list(user=scope, on=on) if scope.is_wide or scope.head_institution_ids() else None
    return {
        "own": own,
        "supervised": supervised,
        "provinces": province_totals(user=scope, on=on) if scope.is_wide else None,
        "attention": attention,
        "overdue_leaves": [] if attention else list(overdue_leaves(user=scope, on=on)[:OVERDUE_LEAVES_SHOWN]),
        "on": on,
    }
