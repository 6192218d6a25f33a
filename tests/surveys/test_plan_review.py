"""A review stands only with a valid note."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from apps.surveys.models import FollowUpPlan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("note", ["x" * 2001])
def test_an_invalid_review_note_leaves_the_plan_unreviewed_and_says_why(
    client, supervisor_jatim, jember, note
):
    plan = FollowUpPlan.objects.create(institution=jember, period="2026-10", element="u3", action="x")
    client.force_login(supervisor_jatim)
    response = client.post(reverse("surveys:plan_review", args=[plan.pk]), {"note": note})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert not plan.is_reviewed
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(t.startswith("Rencana belum ditandai ditinjau") for t in texts)


def test_a_valid_note_marks_the_plan_reviewed(client, supervisor_jatim, jember):
    plan = FollowUpPlan.objects.create(institution=jember, period="2026-10", element="u3", action="x")
    client.force_login(supervisor_jatim)
    client.post(reverse("surveys:plan_review", args=[plan.pk]), {"note": "  Setuju  "})
    plan.refresh_from_db()
    assert plan.is_reviewed and plan.review_note == "Setuju"


def test_a_note_with_a_nul_byte_is_refused_before_the_review(client, supervisor_jatim, jember):
    plan = FollowUpPlan.objects.create(institution=jember, period="2026-10", element="u3", action="x")
    client.force_login(supervisor_jatim)
    response = client.post(reverse("surveys:plan_review", args=[plan.pk]), {"note": "catatan\x00"})
    assert response.status_code == 400
    plan.refresh_from_db()
    assert not plan.is_reviewed
