"""What one user may reach: an explicit object built once per request.

``ScopeMiddleware`` puts ``request.scope`` beside ``request.user``; services build
their own from the acting user (``UserScope.of(actor)``). Each part is read from the
database the first time it is needed and then kept on the scope object, never on the
user: a view that only needs the roles costs one query, and nothing hidden travels on
``request.user``.

Roles (see docs/domain.md): staff and heads work at their institutions (memberships);
supervisors read every institution inside their regions; administrators (superusers)
reach everything.
"""

from functools import cached_property

from apps.accounts.models import SupervisorScope
from apps.regions.models import in_region_subtree, region_subtree_q

from .models import Institution, Membership


def _pk(institution) -> int | None:
    return getattr(institution, "pk", institution)


class UserScope:
    """The institutions and regions of ``user``, read lazily and once."""

    def __init__(self, user):
        self.user = user

    @classmethod
    def of(cls, who) -> "UserScope":
        """``who`` as a scope: a scope is returned as it is, a user gets a new one."""
        return who if isinstance(who, UserScope) else cls(who)

    def __repr__(self) -> str:
        return f"<UserScope {getattr(self.user, 'pk', None)}>"

    # --- who the user is -------------------------------------------------------------

    @property
    def is_active(self) -> bool:
        user = self.user
        return bool(user is not None and user.is_authenticated and user.is_active)

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.user.is_superuser

    @cached_property
    def roles(self) -> dict[int, str]:
        """``{institution id: "staff" | "head"}`` of the user's memberships."""
        if not self.is_active:
            return {}
        return dict(Membership.objects.filter(user_id=self.user.pk).values_list("institution_id", "role"))

    @cached_property
    def region_codes(self) -> tuple[str, ...]:
        """Codes of the regions the user supervises."""
        if not self.is_active:
            return ()
        return tuple(
            SupervisorScope.objects.filter(user_id=self.user.pk)
            .order_by("region_id")
            .values_list("region_id", flat=True)
        )

    @property
    def is_supervisor(self) -> bool:
        return bool(self.region_codes)

    @property
    def is_wide(self) -> bool:
        """Administrators and supervisors: they read across institutions."""
        return self.is_admin or self.is_supervisor

    # --- institutions ----------------------------------------------------------------

    def role_at(self, institution) -> str | None:
        """The user's role at ``institution`` (an institution or its id), or None."""
        return self.roles.get(_pk(institution))

    def is_member_of(self, institution) -> bool:
        return self.role_at(institution) is not None

    def is_head_of(self, institution) -> bool:
        return self.role_at(institution) == Membership.Role.HEAD

    def member_of_any(self, institution_ids) -> bool:
        return any(_pk(i) in self.roles for i in institution_ids)

    def head_of_any(self, institution_ids) -> bool:
        return any(self.roles.get(_pk(i)) == Membership.Role.HEAD for i in institution_ids)

    def head_institution_ids(self) -> list[int]:
        return sorted(pk for pk, role in self.roles.items() if role == Membership.Role.HEAD)

    def supervises_region(self, region_code: str | None) -> bool:
        """``region_code`` lies inside one of the user's supervised regions."""
        return self.is_active and in_region_subtree(region_code, self.region_codes)

    def supervises_any(self, institution_ids) -> bool:
        """One of ``institution_ids`` lies inside the user's supervised regions (one query)."""
        ids = [_pk(i) for i in institution_ids]
        if not self.region_codes or not ids:
            return False
        return Institution.objects.filter(region_subtree_q(self.region_codes), pk__in=ids).exists()

    @cached_property
    def visible_institution_ids(self) -> list[int]:
        """Ids of every institution the user may see, in id order (one query).

        Lists over large tables filter by these ids instead of a nested subquery,
        whose row estimate misleads the planner once there are thousands of institutions.
        """
        return list(Institution.objects.visible_to(self).order_by("pk").values_list("pk", flat=True))
