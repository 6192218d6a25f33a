"""The rules of referrals and over-capacity requests that the database keeps by itself.

Each test names the constraint that must refuse the row."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.residents.models import OverCapacityRequest, Referral
from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db


def refused(make, constraint: str):
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        make()
    assert exc.value.__cause__.diag.constraint_name == constraint


@pytest.fixture
def placement(jember):
    return admit(ResidentFactory(registered_at=jember), jember, on=date(2025, 1, 1))


def a_referral(placement, to, **values):
    defaults = {
        "resident_id": placement.resident_id,
        "placement": placement,
        "from_institution_id": placement.institution_id,
        "to_institution": to,
        "proposed_on": date(2025, 3, 1),
        "reason": "Dekat keluarga",
        "letter_no": "1/2025",
    }
    return Referral.objects.create(**{**defaults, **values})


def a_request(placement, **values):
    defaults = {
        "kind": "admission",
        "resident_id": placement.resident_id,
        "institution_id": placement.institution_id,
        "on": date(2025, 3, 1),
        "reason": "Darurat",
    }
    return OverCapacityRequest.objects.create(**{**defaults, **values})


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"status": "lost"}, "referral_status_choices"),
        ({"reason": ""}, "referral_has_reason"),
        ({"letter_no": ""}, "referral_has_letter_no"),
        ({"status": "accepted"}, "referral_status_matches_decision"),
        ({"status": "declined", "decision_reason": "x"}, "referral_status_matches_decision"),
        ({"decision_reason": "x"}, "referral_status_matches_decision"),
        ({"transferred_on": date(2025, 2, 1)}, "referral_status_matches_decision"),
    ],
)
def test_a_referral_row_that_breaks_a_rule_is_refused(placement, tuban, values, constraint):
    refused(lambda: a_referral(placement, tuban, **values), constraint)


def test_a_referral_to_the_sender_is_refused(placement, jember):
    refused(lambda: a_referral(placement, jember), "referral_not_to_the_sender")


def test_a_declined_or_cancelled_referral_needs_a_reason(placement, tuban, staff_tuban):
    for status in ("declined", "cancelled"):
        refused(
            lambda status=status: a_referral(
                placement, tuban, status=status, decided_by=staff_tuban, decided_at=timezone.now()
            ),
            "referral_refusal_has_reason",
        )


def test_an_accepted_referral_moves_not_before_the_proposed_day(placement, tuban, staff_tuban):
    new = admit(ResidentFactory(registered_at=tuban), tuban, on=date(2025, 2, 1))
    refused(
        lambda: a_referral(
            placement,
            tuban,
            status="accepted",
            decided_by=staff_tuban,
            decided_at=timezone.now(),
            transferred_on=date(2025, 2, 1),
            new_placement=new,
        ),
        "referral_transfer_not_before_proposed",
    )


def test_one_open_referral_per_resident_but_closed_ones_may_pile_up(placement, tuban, semarang, staff_tuban):
    a_referral(placement, tuban)
    refused(lambda: a_referral(placement, semarang), "referral_one_open_per_resident")
    decided = {"decided_by": staff_tuban, "decided_at": timezone.now(), "decision_reason": "Penuh"}
    a_referral(placement, semarang, status="declined", **decided)
    a_referral(placement, semarang, status="cancelled", **decided)


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"kind": "transfer"}, "over_capacity_request_kind_choices"),
        ({"status": "lost"}, "over_capacity_request_status_choices"),
        ({"referral_source": "dinas"}, "over_capacity_request_referral_source_choices"),
        ({"kind": "referral"}, "over_capacity_request_referral_iff_kind"),
        ({"reason": ""}, "over_capacity_request_has_reason"),
        ({"status": "approved"}, "over_capacity_request_status_matches_decision"),
        ({"decision_reason": "x"}, "over_capacity_request_status_matches_decision"),
    ],
)
def test_a_request_row_that_breaks_a_rule_is_refused(placement, values, constraint):
    refused(lambda: a_request(placement, **values), constraint)


def test_a_refused_request_needs_a_reason(placement):
    refused(
        lambda: a_request(placement, status="refused", decided_at=timezone.now()),
        "over_capacity_request_refusal_has_reason",
    )


def test_one_pending_request_per_resident(placement):
    a_request(placement)
    refused(lambda: a_request(placement), "over_capacity_request_one_pending_per_resident")
