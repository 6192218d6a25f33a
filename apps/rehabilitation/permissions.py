"""Who may do what in case work. Small pure functions over ``UserScope``.

- Staff and heads of the case's institution do the case work; the head assigns the
  social worker and approves plans.
- Follow-up after discharge belongs to the institution where the case closed.
- Supervisors read; administrators may do everything.
"""

from apps.institutions.scope import UserScope


def can_work_on(who, case) -> bool:
    """Staff and heads of the case's institution (administrators anywhere)."""
    scope = UserScope.of(who)
    return scope.is_admin or (scope.is_active and scope.is_member_of(case.institution_id))


def can_follow_up(who, case) -> bool:
    """The closing institution's staff record follow-up visits (``Case.institution`` is
    where the case closed)."""
    return can_work_on(who, case)


def is_head_for(who, case) -> bool:
    scope = UserScope.of(who)
    return scope.is_admin or (scope.is_active and scope.is_head_of(case.institution_id))
