"""Every write about a resident (PM). Keyword-only, atomic, taking the acting user.

Each service runs in one transaction inside ``pghistory.context(user=...)``, so the
audit history records who made the change also outside a request (management
commands, imports). Rules that decide between concurrent writers lock the rows they
depend on: the registration counter, the resident, the institutions.

One module per concern; the public names are re-exported here, so callers write
``services.case_admit(...)``:

- ``registration``: registering a PM, changing their data, family and guardians;
- ``placements``: admission, transfer, termination, case stage, and the capacity rule;
- ``events``: residential events (leave, hospital, running away, room move, death);
- ``referrals``: referrals between institutions (the way to transfer) and over-capacity
  requests to the head;
- ``documents``: scanned documents and consent;
- ``access_log``: who opened, exported or imported what;
- ``imports``: the bulk import of residents and placements from a spreadsheet.
"""

from ._base import DuplicateSuspected, InvalidData
from ._dates import latest_record, latest_record_on, refuse_before_latest
from .access_log import access_log
from .documents import MAX_DOCUMENT_BYTES, consent_record, document_add
from .events import (
    KIND_FIELDS,
    KIND_SPECIFIC,
    event_close,
    event_problems,
    event_record,
    kind_values,
    return_problems,
)
from .imports import IMPORT_COLUMNS, REQUIRED_COLUMNS, ImportResult, residents_import
from .placements import (
    OccupancyProfile,
    capacity_decision,
    case_admit,
    case_stage_set,
    case_terminate,
    lock_institutions,
    placement_transfer,
    register_stage_check,
    termination_problems,
)
from .referrals import (
    capacity_request_approve,
    capacity_request_refuse,
    capacity_request_submit,
    referral_accept,
    referral_cancel,
    referral_decline,
    referral_propose,
)
from .registration import (
    FAMILY_FIELDS,
    REGISTRATION_NO_PATTERN,
    RESIDENT_FIELDS,
    family_member_add,
    family_member_check,
    family_member_update,
    format_registration_no,
    next_registration_no,
    parse_registration_no,
    resident_check,
    resident_register,
    resident_update,
)

__all__ = [
    "FAMILY_FIELDS",
    "IMPORT_COLUMNS",
    "KIND_FIELDS",
    "KIND_SPECIFIC",
    "MAX_DOCUMENT_BYTES",
    "REGISTRATION_NO_PATTERN",
    "REQUIRED_COLUMNS",
    "RESIDENT_FIELDS",
    "DuplicateSuspected",
    "ImportResult",
    "InvalidData",
    "OccupancyProfile",
    "access_log",
    "capacity_decision",
    "capacity_request_approve",
    "capacity_request_refuse",
    "capacity_request_submit",
    "case_admit",
    "case_stage_set",
    "register_stage_check",
    "case_terminate",
    "consent_record",
    "document_add",
    "event_close",
    "event_problems",
    "event_record",
    "family_member_add",
    "family_member_check",
    "family_member_update",
    "format_registration_no",
    "kind_values",
    "latest_record",
    "latest_record_on",
    "lock_institutions",
    "next_registration_no",
    "parse_registration_no",
    "placement_transfer",
    "referral_accept",
    "referral_cancel",
    "referral_decline",
    "referral_propose",
    "refuse_before_latest",
    "residents_import",
    "resident_check",
    "resident_register",
    "resident_update",
    "return_problems",
    "termination_problems",
]
