"""The one rule for who sees a tracks record: the institution that runs it."""

from django.db import models


class InstitutionScopedQuerySet(models.QuerySet):
    """Rows whose ``institution`` the user may see (administrators all; supervisors their
    region subtree; staff and heads their own institutions)."""

    institution_field = "institution"

    def visible_to(self, who):
        from apps.institutions.scope import UserScope

        scope = UserScope.of(who)
        if not scope.is_active:
            return self.none()
        if scope.is_admin:
            return self
        return self.filter(**{f"{self.institution_field}_id__in": scope.visible_institution_ids})
