"""Case work between admission and a year after discharge: one module per concern."""

from .activities import COMPLIANT_PERCENT, PARTIAL_PERCENT, Attendance, GroupActivity, IndividualSession
from .assessments import SCORE_BANDS, Answer, Assessment, Domain, DomainScore, Instrument, Question
from .family import FamilyTracingStep
from .followup import FollowUpVisit
from .notes import NoteAccess, NoteLevel, ProgressNote
from .plans import PlanDecision, PlanGoal, PlannedService, PlanVersion, ServiceComponent, ServiceType
from .stages import STAGE_ORDER, CaseWorker, StageChange

__all__ = [
    "COMPLIANT_PERCENT",
    "PARTIAL_PERCENT",
    "SCORE_BANDS",
    "STAGE_ORDER",
    "Answer",
    "Assessment",
    "Attendance",
    "CaseWorker",
    "Domain",
    "DomainScore",
    "FamilyTracingStep",
    "FollowUpVisit",
    "GroupActivity",
    "IndividualSession",
    "Instrument",
    "NoteAccess",
    "NoteLevel",
    "PlanDecision",
    "PlanGoal",
    "PlannedService",
    "PlanVersion",
    "ProgressNote",
    "Question",
    "ServiceComponent",
    "ServiceType",
    "StageChange",
]
