"""Residents (PM), their cases, placements and residential events.

The rules that must never be broken live in the database: one placement at a
time (exclusion constraint), a closed case has a termination reason and a final
stage, an ended placement has an end reason, one open absence at a time, NIK
unique when given, choice fields hold one of their choices (see each Meta).
Writes go through ``services``; every change is in the audit history
(django-pghistory, with the acting user from the request). The history models
(``ResidentHistory``, ``CaseHistory``, ...) are made by pghistory in this module.

By concern: ``people`` (the PM, family, documents, consent), ``cases`` (cases,
placements, events), ``census`` (the daily census table the triggers keep), ``records``
(registration counters, the access log), ``referrals`` (referrals between institutions,
over-capacity requests).
"""

from apps.core.choices import Sex

from .cases import (
    ABSENCE_KINDS,
    Case,
    CaseQuerySet,
    CaseReferralSource,
    CaseStage,
    CaseTerminationReason,
    EventKind,
    Placement,
    PlacementEndReason,
    PlacementQuerySet,
    ResidentEvent,
    ResidentEventQuerySet,
)
from .census import CensusDay, PlacementProfile, census_rebuild
from .people import (
    INSTITUTION_IDS_REFRESH_SQL,
    VISIBILITY_INDEX_LIMIT,
    Consent,
    Disability,
    Document,
    DocumentKind,
    Education,
    FamilyMember,
    FamilyRelationship,
    MaritalStatus,
    Religion,
    Resident,
    ResidentQuerySet,
    document_upload_to,
)
from .records import AccessLog, AccessLogAction, RegistrationCounter
from .referrals import (
    OverCapacityRequest,
    OverCapacityRequestKind,
    OverCapacityRequestStatus,
    Referral,
    ReferralStatus,
)

__all__ = [
    "ABSENCE_KINDS",
    "INSTITUTION_IDS_REFRESH_SQL",
    "VISIBILITY_INDEX_LIMIT",
    "AccessLog",
    "AccessLogAction",
    "Case",
    "CaseQuerySet",
    "CaseReferralSource",
    "CaseStage",
    "CaseTerminationReason",
    "CensusDay",
    "Consent",
    "Disability",
    "Document",
    "DocumentKind",
    "Education",
    "EventKind",
    "FamilyMember",
    "FamilyRelationship",
    "MaritalStatus",
    "OverCapacityRequest",
    "OverCapacityRequestKind",
    "OverCapacityRequestStatus",
    "Placement",
    "PlacementEndReason",
    "PlacementProfile",
    "PlacementQuerySet",
    "Referral",
    "ReferralStatus",
    "RegistrationCounter",
    "Religion",
    "Resident",
    "ResidentEvent",
    "ResidentEventQuerySet",
    "ResidentQuerySet",
    "Sex",
    "census_rebuild",
    "document_upload_to",
]
