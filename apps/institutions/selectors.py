from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .models import Institution, Membership


def institution_list(*, user):
    """Institutions ``user`` may see, with what the list shows, ordered by name."""
    return (
        Institution.objects.visible_to(user)
        .select_related("region", "region__parent")
        .prefetch_related("categories")
        .order_by("name", "id")
    )


def institution_get(*, user, code: str) -> Institution:
    """One institution by code, or 404 when it does not exist or ``user`` may not see it."""
    queryset = (
        Institution.objects.visible_to(user)
        .select_related("region", "region__parent", "region__parent__parent")
        .prefetch_related(
            "categories",
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("user").order_by("role", "user__username", "id"),
            ),
        )
    )
    return get_object_or_404(queryset, code=code)
