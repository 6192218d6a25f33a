"""Case work between admission and a year after discharge: one module per concern."""

from .followup import FollowUpVisit, FollowUpVisitQuerySet

__all__ = ["FollowUpVisit", "FollowUpVisitQuerySet"]
