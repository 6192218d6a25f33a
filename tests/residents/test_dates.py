"""Every date a person's record carries lies between their birth (or 1900) and today."""

from datetime import date

import pytest
from django.urls import reverse

from apps.core.errors import DomainError
from apps.residents import services
from apps.residents.models import Resident
from tests.factories import category
from tests.residents.conftest import ResidentFactory

pytestmark = pytest.mark.django_db


def person(**overrides):
    return {
        "full_name": "Sri Wahyuni",
        "sex": "P",
        "birth_date": date(1950, 3, 12),
        "welfare_category": category("LUT"),
        **overrides,
    }


@pytest.mark.parametrize("birth", [date(1, 1, 1), date(1899, 12, 31)])
def test_a_birth_date_before_1900_is_a_field_error_not_a_crash(staff_jember, jember, birth):
    with pytest.raises(services.InvalidData) as refused:
        services.resident_register(actor=staff_jember, institution=jember, data=person(birth_date=birth))
    assert "1900" in refused.value.errors["birth_date"][0]
    assert not Resident.objects.exists()


def test_the_registration_page_refuses_year_one_with_a_message(client, staff_jember, jember):
    client.force_login(staff_jember)
    response = client.post(
        reverse("residents:register"),
        {"institution": jember.pk, "full_name": "Sri Wahyuni", "sex": "P", "birth_date": "0001-01-01",
         "welfare_category": category("LUT").pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert "1900" in response.content.decode()
    assert not Resident.objects.exists()


def test_an_admission_before_the_birth_date_is_refused(staff_jember, jember):
    resident = ResidentFactory(registered_at=jember, birth_date=date(2020, 5, 1))
    with pytest.raises(DomainError, match="tidak boleh sebelum 01-05-2020"):
        services.case_admit(
            actor=staff_jember,
            resident=resident,
            institution=jember,
            on=date(2020, 4, 30),
            referral_source="keluarga",
        )
    placement = services.case_admit(
        actor=staff_jember,
        resident=resident,
        institution=jember,
        on=date(2020, 5, 1),
        referral_source="keluarga",
    )
    assert placement.start == date(2020, 5, 1)


def test_an_admission_before_1900_is_refused_when_the_birth_date_is_unknown(staff_jember, jember):
    resident = ResidentFactory(registered_at=jember, birth_date=None)
    with pytest.raises(DomainError, match="01-01-1900"):
        services.case_admit(
            actor=staff_jember,
            resident=resident,
            institution=jember,
            on=date(1899, 1, 1),
            referral_source="keluarga",
        )


def test_consent_before_the_birth_date_is_refused(staff_jember, jember):
    resident = ResidentFactory(registered_at=jember, birth_date=date(2000, 1, 1))
    with pytest.raises(services.InvalidData) as refused:
        services.consent_record(
            actor=staff_jember,
            resident=resident,
            given_on=date(1999, 12, 31),
            given_by="Wali",
            scope="Pendataan",
        )
    assert "01-01-2000" in refused.value.errors["given_on"][0]


def test_an_event_before_1900_is_a_rule_problem():
    problems = services.event_problems(kind="hospital", on=date(1, 1, 1))
    assert "1900" in problems["on"][0]
