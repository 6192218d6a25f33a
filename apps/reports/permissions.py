"""Who may do what with reports: small pure functions over a ``UserScope``."""

from apps.institutions.scope import UserScope


def can_submit_monthly_report(who, institution) -> bool:
    """The head of the institution reviews and submits its monthly report."""
    return UserScope.of(who).is_head_of(institution)


def can_write_monthly_notes(who, institution) -> bool:
    """Staff and the head write the notes of their institution's monthly report."""
    return UserScope.of(who).is_member_of(institution)
