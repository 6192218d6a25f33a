"""Who may do what with surveys and the index. Pure functions over a ``UserScope``
(or a user, whose scope is then read here)."""

from apps.institutions.scope import UserScope


def can_enter_responses(who, institution) -> bool:
    """Staff and heads of the institution (field workers) enter paper or assisted answers."""
    scope = UserScope.of(who)
    return scope.is_admin or scope.is_member_of(institution)


def can_write_plan(who, institution) -> bool:
    """Follow-up plans are written by the institution's own staff and head."""
    return UserScope.of(who).is_member_of(institution)


def can_review_plan(who, institution) -> bool:
    """Supervisors of the institution's region (and administrators) review follow-up plans."""
    scope = UserScope.of(who)
    return scope.is_admin or scope.supervises_region(institution.region_id)


def can_view_region(who, region_code: str) -> bool:
    """The region's index: administrators, and supervisors whose scope holds the region."""
    scope = UserScope.of(who)
    return scope.is_admin or scope.supervises_region(region_code)
