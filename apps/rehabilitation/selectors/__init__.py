"""Reads the pages need, scoped to the user and with their joins."""

from .activities import atensi_report, attendance_band, attendance_rates, placed_residents
from .cases import case_for_resident, resident_with_case, stage_changes
from .due import DueItem, caseload, due_items, my_cases
from .work import assessment_trend, notes_for_case, plan_versions

__all__ = [
    "DueItem",
    "assessment_trend",
    "atensi_report",
    "attendance_band",
    "attendance_rates",
    "case_for_resident",
    "caseload",
    "due_items",
    "my_cases",
    "notes_for_case",
    "placed_residents",
    "plan_versions",
    "resident_with_case",
    "stage_changes",
]
