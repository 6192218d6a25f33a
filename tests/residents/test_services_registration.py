"""Registering a PM, changing their data: services.registration."""

from datetime import date

import pytest
from django.utils import timezone

from apps.core.errors import DomainError
from apps.residents import services
from apps.residents.models import RegistrationCounter, Resident
from tests.factories import category
from tests.residents.conftest import ResidentFactory

pytestmark = pytest.mark.django_db


def person(**overrides):
    data = {
        "full_name": "Ahmad Fauzi",
        "sex": "L",
        "birth_date": date(1960, 5, 17),
        "welfare_category": category("GEL"),
    }
    data.update(overrides)
    return data


# --- registration --------------------------------------------------------------------------


def test_registration_numbers_are_generated_per_institution_and_year(staff_jember, jember):
    year = timezone.localdate().year
    first = services.resident_register(actor=staff_jember, institution=jember, data=person())
    second = services.resident_register(
        actor=staff_jember, institution=jember, data=person(full_name="Wulan Sari", sex="P")
    )
    assert first.registration_no == f"UPT-JBR-{year}-00001"
    assert second.registration_no == f"UPT-JBR-{year}-00002"
    assert RegistrationCounter.objects.get(institution=jember, year=year).last_serial == 2


def test_a_generated_number_skips_one_already_taken(staff_jember, jember):
    year = timezone.localdate().year
    ResidentFactory(registered_at=jember, registration_no=f"UPT-JBR-{year}-00001")
    resident = services.resident_register(actor=staff_jember, institution=jember, data=person())
    assert resident.registration_no == f"UPT-JBR-{year}-00002"


def test_a_registered_pm_needs_no_placement(staff_jember, jember):
    resident = services.resident_register(actor=staff_jember, institution=jember, data=person())
    assert resident.registered_at == jember
    assert not resident.placements.exists()
    assert not resident.cases.exists()
    assert resident.created_by == staff_jember


def test_registration_stores_family_and_consent(staff_jember, jember):
    resident = services.resident_register(
        actor=staff_jember,
        institution=jember,
        data=person(),
        family=[{"name": "Sumarni", "relationship": "ibu", "is_guardian": True, "phone": "0812"}],
        consent={"given_on": date(2025, 5, 1), "given_by": "Sumarni (ibu)", "scope": "Layanan rehabilitasi"},
    )
    assert resident.family.get().is_guardian
    assert resident.consents.get().given_by == "Sumarni (ibu)"


def test_staff_of_another_institution_cannot_register_there(staff_tuban, jember):
    with pytest.raises(DomainError, match="tidak berwenang"):
        services.resident_register(actor=staff_tuban, institution=jember, data=person())


def test_supervisor_cannot_register(supervisor_jatim, jember):
    with pytest.raises(DomainError):
        services.resident_register(actor=supervisor_jatim, institution=jember, data=person())


def test_a_bad_nik_is_refused_with_field_errors_and_nothing_is_written(staff_jember, jember):
    with pytest.raises(services.InvalidData) as caught:
        services.resident_register(
            actor=staff_jember, institution=jember, data=person(nik="3509013102600001")
        )
    assert "nik" in caught.value.errors
    assert not Resident.objects.exists()
    assert not RegistrationCounter.objects.exists()


def test_a_nik_that_disagrees_with_the_birth_date_is_refused(staff_jember, jember):
    with pytest.raises(services.InvalidData) as caught:
        services.resident_register(
            actor=staff_jember, institution=jember, data=person(nik="3509011805600001")
        )
    assert "tidak sama dengan tanggal lahir" in caught.value.errors["nik"][0]


def test_nik_warnings_come_back_on_the_resident(staff_jember, jember):
    resident = services.resident_register(
        actor=staff_jember,
        institution=jember,
        data=person(nik="3530011705600001", birth_date=date(1960, 5, 17)),  # 35.30 does not exist today
    )
    assert resident.nik == "3530011705600001"
    assert len(resident.nik_warnings) == 1
    assert "35.30" in resident.nik_warnings[0]


def test_empty_nik_is_stored_as_null_so_many_pm_can_have_none(staff_jember, jember):
    a = services.resident_register(actor=staff_jember, institution=jember, data=person(nik=""))
    b = services.resident_register(
        actor=staff_jember, institution=jember, data=person(full_name="Wulan Sari", sex="P", nik="")
    )
    assert a.nik is None and b.nik is None


def test_a_nik_already_registered_is_refused_even_when_duplicates_are_allowed(staff_jember, jember, resident):
    with pytest.raises(services.DuplicateSuspected) as caught:
        services.resident_register(
            actor=staff_jember,
            institution=jember,
            data=person(full_name="Orang Lain", nik=resident.nik, birth_date=resident.birth_date),
            allow_duplicates=True,
        )
    assert caught.value.blocking
    assert caught.value.matches.visible[0].registration_no == resident.registration_no


def test_a_similar_name_with_close_birth_date_is_a_suspected_duplicate(staff_jember, jember, resident):
    data = person(full_name="BUDI SANTOSA", birth_date=date(1951, 1, 1))
    with pytest.raises(services.DuplicateSuspected) as caught:
        services.resident_register(actor=staff_jember, institution=jember, data=data)
    assert not caught.value.blocking
    assert [m.id for m in caught.value.matches.visible] == [resident.pk]
    created = services.resident_register(
        actor=staff_jember, institution=jember, data=data, allow_duplicates=True
    )
    assert created.pk != resident.pk


def test_a_similar_name_born_far_apart_is_not_a_duplicate(staff_jember, jember, resident):
    created = services.resident_register(
        actor=staff_jember,
        institution=jember,
        data=person(full_name="Budi Santoso", birth_date=date(1990, 1, 1)),
    )
    assert created.full_name == "Budi Santoso"


def test_a_similar_name_with_the_same_mother_is_a_duplicate_whatever_the_birth_date(
    staff_jember, jember, resident
):
    with pytest.raises(services.DuplicateSuspected):
        services.resident_register(
            actor=staff_jember,
            institution=jember,
            data=person(full_name="Budi Santoso", birth_date=date(1990, 1, 1), mother_name="SITI AMINAH"),
        )


def test_a_duplicate_in_an_institution_the_user_cannot_see_is_only_counted(staff_tuban, tuban, resident):
    with pytest.raises(services.DuplicateSuspected) as caught:
        services.resident_register(
            actor=staff_tuban,
            institution=tuban,
            data=person(full_name="Budi Santoso", birth_date=date(1950, 3, 12)),
        )
    matches = caught.value.matches
    assert matches.visible == []
    assert matches.hidden_count == 1
    assert "Budi" not in caught.value.message


# --- update ----------------------------------------------------------------------------------


def test_update_writes_only_what_changed(staff_jember, resident):
    before = resident.history.count()
    services.resident_update(actor=staff_jember, resident=resident, data={"full_name": "Budi Santoso"})
    assert resident.history.count() == before
    updated = services.resident_update(actor=staff_jember, resident=resident, data={"nickname": "Pak Budi"})
    assert updated.nickname == "Pak Budi"
    assert resident.history.count() == before + 1


def test_update_refuses_a_nik_of_another_pm(staff_jember, jember, resident):
    other = ResidentFactory(registered_at=jember, birth_date=date(1950, 3, 12))
    with pytest.raises(services.InvalidData) as caught:
        services.resident_update(actor=staff_jember, resident=other, data={"nik": resident.nik})
    assert "nik" in caught.value.errors


def test_update_rechecks_the_nik_against_a_changed_sex(staff_jember, resident):
    with pytest.raises(services.InvalidData):
        services.resident_update(actor=staff_jember, resident=resident, data={"sex": "P"})
    resident.refresh_from_db()
    assert resident.sex == "L"


def test_staff_elsewhere_cannot_update(staff_tuban, resident):
    with pytest.raises(DomainError):
        services.resident_update(actor=staff_tuban, resident=resident, data={"nickname": "x"})


def test_update_rejects_unknown_fields(staff_jember, resident):
    with pytest.raises(ValueError):
        services.resident_update(actor=staff_jember, resident=resident, data={"registration_no": "X"})


# --- registration numbers --------------------------------------------------------------------


def test_registration_numbers_have_one_format_and_parse_back():
    assert services.format_registration_no("UPT-JBR", 2026, 42) == "UPT-JBR-2026-00042"
    assert services.parse_registration_no("UPT-JBR-2026-00042") == ("UPT-JBR", 2026, 42)
    assert services.parse_registration_no("LKS-00031") is None
