from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone, translation

from apps.core.errors import DomainError
from apps.surveys import services
from apps.surveys.ikm import ELEMENT_CODES, Period
from apps.surveys.models import Channel, FollowUpPlan, SurveyResponse
from tests.factories import supervisor_of

from .conftest import add_responses

pytestmark = pytest.mark.django_db

ANSWERS = dict.fromkeys(ELEMENT_CODES, 3)


def test_online_response_is_dated_today_and_has_no_operator(jember):
    response = services.response_submit(
        actor=None,
        institution=jember,
        answers=ANSWERS,
        profile={"sex": "P", "age": 40},
        channel=Channel.ONLINE,
    )
    assert response.submitted_on == timezone.localdate()
    assert response.entered_by is None
    assert (response.sex, response.age, response.u9) == ("P", 40, 3)


def test_assisted_response_records_the_field_worker_and_the_day_answered(jember, staff_jember):
    day = timezone.localdate() - timedelta(days=3)
    response = services.response_submit(
        actor=staff_jember, institution=jember, answers=ANSWERS, profile={}, channel=Channel.ASSISTED,
        submitted_on=day,
    )  # fmt: skip
    assert (response.channel, response.entered_by, response.submitted_on) == ("assisted", staff_jember, day)


def test_assisted_entry_by_staff_of_another_institution_is_refused(jember, staff_tuban):
    with pytest.raises(DomainError):
        services.response_submit(
            actor=staff_tuban, institution=jember, answers=ANSWERS, profile={}, channel=Channel.ASSISTED
        )
    assert not SurveyResponse.objects.exists()


def test_assisted_entry_in_the_future_is_refused(jember, staff_jember):
    with pytest.raises(DomainError, match="masa depan"):
        services.response_submit(
            actor=staff_jember, institution=jember, answers=ANSWERS, profile={}, channel=Channel.ASSISTED,
            submitted_on=timezone.localdate() + timedelta(days=1),
        )  # fmt: skip


def test_refusals_are_in_the_language_of_the_user(jember, staff_jember):
    tomorrow = timezone.localdate() + timedelta(days=1)
    for language, words in [
        ("id", "Jawaban U2 harus 1 sampai 4."),
        ("en", "The answer to U2 must be 1 to 4."),
    ]:
        with translation.override(language), pytest.raises(DomainError) as refused:
            services.response_submit(
                actor=None,
                institution=jember,
                answers={**ANSWERS, "u2": 5},
                profile={},
                channel=Channel.ONLINE,
            )
        assert refused.value.message == words
    with translation.override("en"), pytest.raises(DomainError, match="cannot be in the future"):
        services.response_submit(
            actor=staff_jember, institution=jember, answers=ANSWERS, profile={}, channel=Channel.ASSISTED,
            submitted_on=tomorrow,
        )  # fmt: skip


@pytest.mark.parametrize("bad", [0, 5, None, "3", True])
def test_answers_outside_1_to_4_are_refused(jember, bad):
    with pytest.raises(DomainError):
        services.response_submit(
            actor=None, institution=jember, answers={**ANSWERS, "u5": bad}, profile={}, channel=Channel.ONLINE
        )


def test_database_refuses_an_answer_of_5(jember):
    with pytest.raises(IntegrityError):
        SurveyResponse.objects.create(
            institution=jember, submitted_on=date(2026, 1, 1), channel="online", **{**ANSWERS, "u7": 5}
        )


def test_database_refuses_an_assisted_response_without_operator(jember):
    with pytest.raises(IntegrityError):
        SurveyResponse.objects.create(
            institution=jember, submitted_on=date(2026, 1, 1), channel="assisted", **ANSWERS
        )


# --- Follow-up plans ----------------------------------------------------------------------------------------

WEAK_ON_U3 = {**dict.fromkeys(ELEMENT_CODES, 4), "u3": 1, "u8": 2, "u9": 3}


@pytest.fixture
def weak_october(jember):
    add_responses(jember, [WEAK_ON_U3] * 4, on=date(2026, 10, 5))
    return Period.parse("2026-10")


def test_staff_write_a_plan_for_a_weak_element(jember, staff_jember, weak_october):
    plan = services.followup_plan_save(
        actor=staff_jember, institution=jember, period=weak_october, element="u3",
        action="Menambah petugas loket pada jam sibuk", responsible="Kepala Seksi Pelayanan",
    )  # fmt: skip
    assert (plan.period, plan.element, plan.created_by) == ("2026-10", "u3", staff_jember)
    assert not plan.is_reviewed


def test_a_plan_for_an_element_that_is_not_weak_is_refused(jember, staff_jember, weak_october):
    with pytest.raises(DomainError, match="bukan unsur terlemah"):
        services.followup_plan_save(actor=staff_jember, institution=jember, period=weak_october, element="u1",
                                    action="x")  # fmt: skip


def test_a_plan_for_a_period_without_respondents_is_refused(jember, staff_jember):
    with pytest.raises(DomainError, match="Belum ada responden"):
        services.followup_plan_save(
            actor=staff_jember, institution=jember, period=Period.parse("2026-10"), element="u3", action="x"
        )


def test_supervisor_cannot_write_and_staff_cannot_review(
    jember, staff_jember, supervisor_jatim, weak_october
):
    with pytest.raises(DomainError):
        services.followup_plan_save(
            actor=supervisor_jatim, institution=jember, period=weak_october, element="u3", action="x"
        )
    plan = services.followup_plan_save(
        actor=staff_jember, institution=jember, period=weak_october, element="u3", action="x"
    )
    with pytest.raises(DomainError):
        services.followup_plan_review(actor=staff_jember, plan=plan, note="ok")


def test_supervisor_of_the_region_reviews_and_a_later_change_clears_the_review(
    jember, staff_jember, supervisor_jatim, weak_october
):
    plan = services.followup_plan_save(
        actor=staff_jember, institution=jember, period=weak_october, element="u3", action="Tambah petugas"
    )
    plan = services.followup_plan_review(actor=supervisor_jatim, plan=plan, note="Sesuai, lanjutkan.")
    assert (
        plan.is_reviewed and plan.reviewed_by == supervisor_jatim and plan.review_note == "Sesuai, lanjutkan."
    )
    services.followup_plan_save(
        actor=staff_jember, institution=jember, period=weak_october, element="u3", action="Tambah dua petugas"
    )
    plan.refresh_from_db()
    assert not plan.is_reviewed
    assert plan.action == "Tambah dua petugas"
    assert FollowUpPlan.objects.count() == 1


def test_supervisor_of_another_region_cannot_review(jember, staff_jember, weak_october):
    plan = services.followup_plan_save(
        actor=staff_jember, institution=jember, period=weak_october, element="u3", action="x"
    )
    with pytest.raises(DomainError):
        services.followup_plan_review(actor=supervisor_of("33"), plan=plan)
