"""The attention list: overdue leaves, runaways, accreditation, past the planned stay; scoped."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.reports.attention import attention_list
from apps.residents.models import ResidentEvent
from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def in_care(institution, name, **placement):
    resident = ResidentFactory(registered_at=institution, full_name=name)
    return admit(resident, institution, on=today() - timedelta(days=30), **placement)


def ran_away(placement, days_ago):
    ResidentEvent.objects.create(
        resident_id=placement.resident_id,
        placement=placement,
        kind=ResidentEvent.Kind.RAN_AWAY,
        occurred_on=today() - timedelta(days=days_ago),
    )


def names(items):
    return [
        getattr(row, "resident", row).full_name if hasattr(row, "resident") else row.code
        for row in items.rows
    ]


def test_runaways_appear_after_more_than_three_days(head_jember, jember):
    ran_away(in_care(jember, "Kabur Lama"), 4)
    ran_away(in_care(jember, "Kabur Baru"), 3)
    assert names(attention_list(user=head_jember, on=today())["runaways"]) == ["Kabur Lama"]


def test_residents_past_their_planned_discharge_day(head_jember, jember):
    placement = in_care(jember, "Lewat Rencana")
    placement.planned_discharge_on = today() - timedelta(days=1)
    placement.save()
    in_care(jember, "Tepat Rencana").__class__.objects.filter(resident__full_name="Tepat Rencana").update(
        planned_discharge_on=today()
    )
    assert names(attention_list(user=head_jember, on=today())["past_planned_stay"]) == ["Lewat Rencana"]


def test_accreditation_ending_within_ninety_days_or_ended(supervisor_jatim, jember, tuban, semarang):
    for institution, days in ((jember, 90), (tuban, 91), (semarang, -5)):
        institution.accreditation_grade = "B"
        institution.accreditation_expires_on = today() + timedelta(days=days)
        institution.save()
    assert names(attention_list(user=supervisor_jatim, on=today())["accreditation"]) == ["UPT-JBR"]


def test_supervisor_home_shows_province_totals_and_the_attention_list(
    client, supervisor_jatim, jember, tuban
):
    ran_away(in_care(jember, "Kabur Lama"), 10)
    client.force_login(supervisor_jatim)
    response = client.get(reverse("home"))
    body = response.content.decode()
    assert 'data-testid="province-totals"' in body and "Jawa Timur" in body
    assert (
        response.context["provinces"]["total"].capacity,
        response.context["provinces"]["total"].residents,
    ) == (8, 1)
    assert 'data-testid="runaways"' in body and "Kabur Lama" in body


def test_another_institutions_head_does_not_see_them(client, tuban, jember):
    from tests.factories import staff_of

    ran_away(in_care(jember, "Kabur Lama"), 10)
    head_tuban = staff_of(tuban, role="head", username="kepala_tuban")
    assert attention_list(user=head_tuban, on=today())["runaways"].rows == []


def test_referrals_waiting_more_than_seven_days_and_pending_requests(head_jember, staff_jember, jember, tuban,
                                                                     semarang, supervisor_jatim):  # fmt: skip
    from apps.residents import services
    from apps.residents.models import Referral

    def referral(name, days_ago):
        placement = in_care(jember, name)
        made = services.referral_propose(
            actor=staff_jember, resident=placement.resident, to_institution=tuban,
            on=today() - timedelta(days=1), reason="x", letter_no="1",
        )  # fmt: skip
        Referral.objects.filter(pk=made.pk).update(created_at=timezone.now() - timedelta(days=days_ago))

    referral("Rujukan Lama", 8)
    referral("Rujukan Baru", 7)
    for n in range(3):
        in_care(jember, f"Penghuni {n}")
    newcomer = ResidentFactory(registered_at=jember, full_name="Pendatang")
    services.capacity_request_submit(
        actor=staff_jember,
        resident=newcomer,
        institution=jember,
        on=today(),
        reason="x",
        referral_source="razia",
    )
    for user in (head_jember, supervisor_jatim):
        attention = attention_list(user=user, on=today())
        assert names(attention["referrals_waiting"]) == ["Rujukan Lama"]
        assert names(attention["capacity_requests"]) == ["Pendatang"]
    other = attention_list(user=staff_of_semarang(semarang), on=today())
    assert names(other["referrals_waiting"]) == [] and names(other["capacity_requests"]) == []


def staff_of_semarang(semarang):
    from tests.factories import staff_of

    return staff_of(semarang, role="head", username="kepala_smg")
