"""Settings of case work, each with its default (override in config/settings).

- ``FOLLOW_UP_MONTHS``: calendar months after closing at which follow-up visits are due.
- ``FIRST_ASSESSMENT_DAYS``: days after admission by which the first assessment is due.
- ``REASSESSMENT_MONTHS``: months between assessments when the instrument says none.
- ``FOLLOW_UP_LOOKBACK_MONTHS``: a case entered already closed longer ago than this gets
  no follow-up visits (see docs/rehabilitation.md).
"""

from django.conf import settings


def follow_up_months() -> tuple[int, ...]:
    return tuple(sorted(set(getattr(settings, "FOLLOW_UP_MONTHS", (1, 3, 6, 12)))))


def first_assessment_days() -> int:
    return getattr(settings, "FIRST_ASSESSMENT_DAYS", 14)


def reassessment_months() -> int:
    return getattr(settings, "REASSESSMENT_MONTHS", 6)


def follow_up_lookback_months() -> int:
    return getattr(settings, "FOLLOW_UP_LOOKBACK_MONTHS", 12)


# Due items within this many days count as "due soon" on the worker's list.
DUE_SOON_DAYS = 7
# ``followup_due`` lists visits due up to this many days after its date.
FOLLOW_UP_WINDOW_DAYS = 30
