"""Independence and entrepreneurship tracks, with programme budgets.

Split by concern: ``budgets`` (programmes, budget lines, disbursements: the money),
``training`` (vocational courses, enrolments, certificates), ``readiness`` (readiness
for discharge) and ``business`` (business plans, businesses, KUBE groups, visits).
"""

from .budgets import BudgetLine, Disbursement, Programme  # noqa: F401
from .business import (  # noqa: F401
    Business,
    BusinessPlan,
    BusinessStatus,
    BusinessVisit,
    KubeGroup,
    KubeMember,
)
from .readiness import ReadinessAssessment, ReadinessCriterion, ReadinessScore  # noqa: F401
from .training import Certificate, Course, CourseType, Enrollment  # noqa: F401
