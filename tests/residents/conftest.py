"""Fixtures shared by the residents tests (domain and pages).

Institutions and users come from tests/conftest.py: ``jember`` (capacity 3),
``tuban`` (capacity 5), ``semarang``, ``staff_jember``, ``head_jember``,
``staff_tuban``, ``supervisor_jatim``, ``admin_user``.
"""

from datetime import date

import factory
import pytest
from django.db.backends.postgresql.psycopg_any import DateRange

from apps.institutions.models import WelfareCategory
from apps.residents.models import Case, Placement, Resident

ADMITTED_ON = date(2025, 1, 10)


class ResidentFactory(factory.django.DjangoModelFactory):
    """A resident written straight to the database (no service rules); pass ``registered_at``."""

    class Meta:
        model = Resident

    registration_no = factory.Sequence(lambda n: f"TEST-2025-{n:05d}")
    full_name = factory.Faker("name", locale="id_ID")
    sex = "L"
    birth_date = date(1950, 3, 12)
    welfare_category = factory.LazyFunction(lambda: WelfareCategory.objects.get(code="LUT"))


def admit(
    resident, institution, *, on=ADMITTED_ON, end=None, case=None, room="", end_reason=None
) -> Placement:
    """An open case (unless given) and a placement ``[on, end)``, written straight to the database.

    A placement with an ``end`` needs an ``end_reason`` (a database check): a discharge unless
    given."""
    if end_reason is None:
        end_reason = Placement.EndReason.DISCHARGE if end else ""
    if case is None:
        case = Case.objects.create(
            resident=resident,
            institution=institution,
            opened_on=on,
            referral_source=Case.ReferralSource.FAMILY,
        )
    return Placement.objects.create(
        resident=resident,
        case=case,
        institution=institution,
        period=DateRange(on, end),
        room=room,
        end_reason=end_reason,
    )


@pytest.fixture
def resident_factory(db):
    """``resident_factory(registered_at=jember, full_name=..., ...)`` → a Resident."""
    return ResidentFactory


@pytest.fixture
def resident(jember):
    """Budi Santoso, registered at Jember, no placement (served in the community). Valid NIK."""
    return ResidentFactory(
        registration_no="UPT-JBR-2025-00001",
        registered_at=jember,
        full_name="Budi Santoso",
        sex="L",
        birth_date=date(1950, 3, 12),
        nik="3509011203500001",
        mother_name="Siti Aminah",
    )


@pytest.fixture
def admitted_resident(jember):
    """Sri Wahyuni, at Jember since 10 January 2025: an open case and an open placement (room "Melati")."""
    person = ResidentFactory(
        registration_no="UPT-JBR-2025-00002",
        registered_at=jember,
        full_name="Sri Wahyuni",
        sex="P",
        birth_date=date(1948, 7, 1),
    )
    admit(person, jember, room="Melati")
    return person
