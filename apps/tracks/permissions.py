"""Who may do what in the tracks app. Pure functions over a ``UserScope`` (or a user).

Decisions recorded here:
- Staff and heads run their institution's courses, enrolments, certificates, kits,
  business plans, grants, KUBE groups and visits (administrators anywhere).
- A readiness outcome stands once the head of the institution approves it (or an
  administrator); staff score and propose.
- Budget lines are master data: administrators keep them (admin pages, import).
- Supervisors read programme pages of their regions; they do not pay.
- ``who=None`` is an operator at the command line (the import commands run without a
  user, as the other apps' do). A request always carries a user (anonymous or not), so
  no page reaches these rules with None.
"""

from apps.institutions.scope import UserScope


def can_work_at(who, institution) -> bool:
    """Staff and heads of ``institution`` (an institution or its id), and administrators."""
    if who is None:
        return True
    scope = UserScope.of(who)
    return scope.is_admin or (scope.is_active and scope.is_member_of(institution))


def can_pay(who, institution) -> bool:
    """Grants, kits and aid are paid by the institution's own staff and head."""
    return can_work_at(who, institution)


def can_charge(line, institution) -> bool:
    """A line pays for its own institution; a province-wide line for any institution."""
    institution_id = getattr(institution, "pk", institution)
    return line.institution_id is None or line.institution_id == institution_id


def can_approve_readiness(who, institution) -> bool:
    scope = UserScope.of(who)
    return scope.is_admin or (scope.is_active and scope.is_head_of(institution))


def can_manage_budget(who) -> bool:
    """Budget lines are kept by administrators; imports from the shell need no user."""
    if who is None:
        return True
    return UserScope.of(who).is_admin


def can_view_region(who, region_code: str) -> bool:
    scope = UserScope.of(who)
    return scope.is_admin or scope.supervises_region(region_code)
