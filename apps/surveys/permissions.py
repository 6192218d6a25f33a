"""Who may do what with surveys and the index. Pure functions over already-loaded data."""

from apps.institutions.permissions import role_at


def _supervises(user, region_code: str) -> bool:
    """``user`` supervises ``region_code`` (a region inside one of their scopes)."""
    return any(
        region_code == code or region_code.startswith(f"{code}.") for code in user.supervised_region_codes
    )


def can_enter_responses(user, institution) -> bool:
    """Staff and heads of the institution (field workers) enter paper or assisted answers."""
    return user.is_superuser or role_at(user, institution) is not None


def can_write_plan(user, institution) -> bool:
    """Follow-up plans are written by the institution's own staff and head."""
    return role_at(user, institution) is not None


def can_review_plan(user, institution) -> bool:
    """Supervisors of the institution's region (and administrators) review follow-up plans."""
    return user.is_superuser or _supervises(user, institution.region_id)


def can_view_region(user, region_code: str) -> bool:
    """The region's index: administrators, and supervisors whose scope holds the region."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _supervises(user, region_code)
