"""What every page's navigation shows about residents: the heads' badge of waiting requests."""

from django.utils.functional import SimpleLazyObject

from apps.institutions.models import Membership

from .referral_selectors import pending_requests_for_head

# Set at login: whether the user heads an institution, so the pages of everyone else know
# without a query that there is no badge to count. (The scope's roles, when a page has
# read them anyway, are fresher and win.)
HEADS_KEY = "residents:heads_an_institution"


def remember_headship(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: note in the session whether the user heads an institution."""
    session = getattr(request, "session", None)
    if session is not None:
        session[HEADS_KEY] = Membership.objects.filter(user=user, role=Membership.Role.HEAD).exists()


def capacity_requests(request):
    """``pending_capacity_requests``: over-capacity requests waiting for the user as head.

    Lazy, so a page that does not show the navigation (partials, downloads) reads nothing;
    read at most once per page: one query for a head, none for anyone else.
    """
    session = getattr(request, "session", None)
    heads = session.get(HEADS_KEY) if session is not None else None
    return {
        "pending_capacity_requests": SimpleLazyObject(
            lambda: pending_requests_for_head(getattr(request, "scope", None), heads=heads)
        )
    }
