"""Fixtures of the tracks tests.

Institutions and users come from tests/conftest.py (``jember``, ``tuban``,
``staff_jember``, ``head_jember``, ``staff_tuban``, ``supervisor_jatim``, ``admin_user``);
residents from tests/residents/conftest.py (``ResidentFactory``, ``admit``).
"""

from datetime import date

import pytest

from apps.tracks.models import BudgetLine, Business, BusinessVisit, Programme
from tests.residents.conftest import ResidentFactory, admit  # noqa: F401 - re-exported for the tests

YEAR = 2025


def programme(code: str) -> Programme:
    return Programme.objects.get(code=code)


def make_line(
    *,
    code="5.1.02.99.001",
    programme_code="kewirausahaan",
    institution=None,
    allocation=10_000_000,
    year=YEAR,
):
    return BudgetLine.objects.create(
        fiscal_year=year,
        code=code,
        programme=programme(programme_code),
        institution=institution,
        name=f"Belanja {programme_code}",
        allocation=allocation,
    )


def make_business(resident, institution, started_on: date, *, baseline_income=0, business_type="Warung"):
    return Business.objects.create(
        resident=resident,
        institution=institution,
        started_on=started_on,
        baseline_income=baseline_income,
        business_type=business_type,
    )


def visit(business, on: date, status: str, income=None, revenue=None):
    return BusinessVisit.objects.create(
        business=business, visited_on=on, status=status, monthly_income=income, monthly_revenue=revenue
    )


@pytest.fixture
def line(jember):
    """Rp 10.000.000 of kewirausahaan for Jember, fiscal year 2025."""
    return make_line(institution=jember)


@pytest.fixture
def pm(jember):
    """A PM of Jember (registered and placed there in January 2025)."""
    person = ResidentFactory(
        registered_at=jember, full_name="Ahmad Fauzi", registration_no="UPT-JBR-2025-00077"
    )
    admit(person, jember)
    return person
