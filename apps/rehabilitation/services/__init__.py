"""Every write of case work: keyword-only, atomic, audited, taking the acting user."""

from .activities import group_activity_record, individual_session_record
from .assessments import assessment_record, instrument_applies
from .family import family_step_record
from .followup import followup_visit_record
from .notes import note_add, note_open_restricted
from .plans import plan_decide, plan_submit, plan_version_create
from .stages import case_stage_move, case_worker_assign, gate_failures

__all__ = [
    "assessment_record",
    "case_stage_move",
    "case_worker_assign",
    "family_step_record",
    "followup_visit_record",
    "gate_failures",
    "group_activity_record",
    "individual_session_record",
    "instrument_applies",
    "note_add",
    "note_open_restricted",
    "plan_decide",
    "plan_submit",
    "plan_version_create",
]
