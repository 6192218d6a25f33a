"""What the page tests share: residents registered and admitted through the services, and their pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.residents import services
from apps.residents.models import Case
from tests.factories import category

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def today() -> date:
    return timezone.localdate()


def make_resident(institution, actor, *, name="Budi Santoso", admit_days_ago=30, **data):
    """A registered PM, admitted ``admit_days_ago`` days ago (None: never placed)."""
    fields = {
        "full_name": name,
        "sex": "L",
        "welfare_category": category("LUT"),
        "birth_date": date(1950, 3, 1),
    }
    fields.update(data)
    resident = services.resident_register(
        actor=actor, institution=institution, data=fields, allow_duplicates=True
    )
    if admit_days_ago is not None:
        services.case_admit(
            actor=actor,
            resident=resident,
            institution=institution,
            on=today() - timedelta(days=admit_days_ago),
            referral_source=Case.ReferralSource.FAMILY,
        )
    return resident


def home_leave(resident, actor, *, days_ago, due_in_days):
    """A home leave that began ``days_ago`` days ago, due back in ``due_in_days`` (negative: overdue)."""
    return services.event_record(
        actor=actor,
        resident=resident,
        kind="home_leave",
        on=today() - timedelta(days=days_ago),
        expected_return_on=today() + timedelta(days=due_in_days),
    )


def hospital_stay(resident, actor, *, days_ago):
    """A one-night hospital stay that began ``days_ago`` days ago."""
    return services.event_record(
        actor=actor,
        resident=resident,
        kind="hospital",
        on=today() - timedelta(days=days_ago),
        returned_on=today() - timedelta(days=days_ago - 1),
    )


def add_relative(resident, actor, n):
    return services.family_member_add(
        actor=actor, resident=resident, data={"name": f"Kerabat {n}", "relationship": "kerabat"}
    )


def same_queries_as_rows_grow(assert_num_queries, client, url, queries: int, grow):
    """GET ``url`` in ``queries`` queries, ``grow()`` the rows it shows, and GET it again in as
    many (an N+1 would add some); the second response."""
    with assert_num_queries(queries):
        client.get(url)
    grow()
    with assert_num_queries(queries):
        return client.get(url)


def ids_in(response):
    return [r.pk for r in response.context["rows"]]


@pytest.fixture
def big_jember(jember):
    """Jember with room for the lists of the query-count tests."""
    jember.capacity = 100
    jember.save(update_fields=["capacity"])
    return jember


@pytest.fixture
def jember_resident(jember, staff_jember):
    return make_resident(
        jember, staff_jember, name="Siti Aminah", sex="P", nik="3509014101500001", birth_date=date(1950, 1, 1)
    )


@pytest.fixture
def tuban_resident(tuban, staff_tuban):
    return make_resident(tuban, staff_tuban, name="Joko Widodo")
