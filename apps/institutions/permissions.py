"""Who may do what with an institution. Pure functions over already-loaded data."""

from .models import Institution, Membership


def role_at(user, institution: Institution) -> str | None:
    """The user's role at ``institution`` (``staff``/``head``), or None."""
    roles = getattr(user, "_institution_roles", None)
    if roles is None:
        roles = dict(Membership.objects.filter(user_id=user.pk).values_list("institution_id", "role"))
        user._institution_roles = roles
    return roles.get(institution.pk)


def is_head_of(user, institution: Institution) -> bool:
    return role_at(user, institution) == Membership.Role.HEAD


def can_edit_institution(user, institution: Institution) -> bool:
    """Master data of institutions is kept by administrators in the Django admin."""
    return user.is_superuser
