"""The attention list of supervisors and heads: what needs someone to act, scoped to the user.

- home leave past its expected return, with no return recorded;
- running away with no return after more than ``RUNAWAY_DAYS`` days;
- accreditation that has ended or ends within ``ACCREDITATION_DAYS`` days;
- residents still placed after their planned discharge day (``Placement.planned_discharge_on``);
- referrals from or to the user's institutions waiting for an answer more than
  ``REFERRAL_DAYS`` days;
- over-capacity requests waiting for a head's decision.

Not yet here, because what it reads does not exist yet: follow-ups overdue (the
rehabilitation app). Each list is one query, cut at ``SHOWN`` rows (one more is read to
know there are more).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from apps.institutions.models import Institution
from apps.institutions.scope import UserScope
from apps.residents.models import OverCapacityRequest, Placement, Referral, ResidentEvent

RUNAWAY_DAYS = 3
REFERRAL_DAYS = 7
ACCREDITATION_DAYS = 90
SHOWN = 20


@dataclass
class Items:
    rows: list
    more: bool


def _cut(queryset) -> Items:
    rows = list(queryset[: SHOWN + 1])
    return Items(rows[:SHOWN], len(rows) > SHOWN)


def attention_list(*, user, on: date) -> dict[str, Items]:
    """``{"overdue_leaves", "runaways", "accreditation", "past_planned_stay", "referrals_waiting",
    "capacity_requests"}``: six queries."""
    scope = UserScope.of(user)
    institution_ids = Institution.objects.visible_to(scope).values("pk")
    events = ResidentEvent.objects.filter(placement__institution__in=institution_ids).select_related(
        "resident", "placement__institution"
    )
    return {
        "overdue_leaves": _cut(events.overdue_leaves(on).order_by("expected_return_on", "id")),
        "runaways": _cut(
            events.filter(
                kind=ResidentEvent.Kind.RAN_AWAY,
                returned_on__isnull=True,
                occurred_on__lt=on - timedelta(days=RUNAWAY_DAYS),
                placement__period__contains=on,
            ).order_by("occurred_on", "id")
        ),
        "accreditation": _cut(
            Institution.objects.visible_to(scope)
            .active()
            .filter(accreditation_expires_on__lte=on + timedelta(days=ACCREDITATION_DAYS))
            .order_by("accreditation_expires_on", "code")
        ),
        "past_planned_stay": _cut(
            Placement.objects.current(on)
            .filter(institution__in=institution_ids, planned_discharge_on__lt=on)
            .select_related("resident", "institution")
            .order_by("planned_discharge_on", "id")
        ),
        "referrals_waiting": _cut(
            Referral.objects.open()
            .filter(created_at__date__lt=on - timedelta(days=REFERRAL_DAYS))
            .filter(Q(from_institution__in=institution_ids) | Q(to_institution__in=institution_ids))
            .select_related("resident", "from_institution", "to_institution")
            .order_by("created_at", "id")
        ),
        "capacity_requests": _cut(
            OverCapacityRequest.objects.pending()
            .filter(institution__in=institution_ids)
            .select_related("resident", "institution")
            .order_by("created_at", "id")
        ),
    }
