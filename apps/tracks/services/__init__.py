"""Every write of the tracks app: keyword-only, atomic, taking the acting user.

Split by concern; the public names are re-exported here."""

from .budgets import budget_line_save, check_payment, disbursement_pay  # noqa: F401
from .business import (  # noqa: F401
    business_plan_save,
    business_start,
    business_visit_record,
    grant_give,
    kube_group_create,
    kube_member_add,
)
from .readiness import readiness_approve, readiness_assess  # noqa: F401
from .training import (  # noqa: F401
    certificate_issue,
    course_create,
    enrollment_add,
    enrollment_complete,
    enrollment_hours_add,
    starter_kit_issue,
)
