"""What every page's navigation shows about residents: the heads' badge of waiting requests."""

from django.utils.functional import SimpleLazyObject

from .referral_selectors import pending_requests_for_head


def capacity_requests(request):
    """``pending_capacity_requests``: over-capacity requests waiting for the user as head.

    Lazy, so a page that does not show the navigation (partials, downloads) reads nothing;
    read at most once per page (one query, none for a user known to head no institution).
    """
    return {
        "pending_capacity_requests": SimpleLazyObject(
            lambda: pending_requests_for_head(getattr(request, "scope", None))
        )
    }
