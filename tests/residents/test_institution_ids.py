"""Resident.institution_ids, kept by database triggers, decides who may see a file."""

from datetime import date

import pytest
from django.db import connection

from apps.residents import services
from apps.residents.models import INSTITUTION_IDS_REFRESH_SQL, Placement, Resident, ResidentHistory
from tests.factories import category
from tests.residents.conftest import admit

pytestmark = pytest.mark.django_db


def register(institution, actor, name="Wahyu Hidayat"):
    return services.resident_register(
        actor=actor,
        institution=institution,
        data={
            "full_name": name,
            "sex": "L",
            "welfare_category": category("LUT"),
            "birth_date": date(1950, 1, 1),
        },
        allow_duplicates=True,
    )


def ids_of(resident):
    return sorted(Resident.objects.get(pk=resident.pk).institution_ids)


def test_registration_admission_and_transfer_are_recorded(jember, tuban, staff_jember, head_jember):
    resident = register(jember, staff_jember)
    assert ids_of(resident) == [jember.pk]
    placement = services.case_admit(
        actor=staff_jember,
        resident=resident,
        institution=jember,
        on=date(2025, 3, 1),
        referral_source="keluarga",
    )
    assert ids_of(resident) == [jember.pk]
    services.placement_transfer(
        actor=head_jember, placement=placement, to_institution=tuban, on=date(2025, 6, 1)
    )
    assert ids_of(resident) == sorted([jember.pk, tuban.pk])


def test_the_receiving_institution_sees_a_transferred_resident_and_an_unrelated_one_does_not(
    jember, tuban, semarang, staff_jember, head_jember, staff_tuban
):
    from tests.factories import staff_of

    resident = register(jember, staff_jember)
    placement = services.case_admit(
        actor=staff_jember,
        resident=resident,
        institution=jember,
        on=date(2025, 3, 1),
        referral_source="keluarga",
    )
    assert not Resident.objects.visible_to(staff_tuban).filter(pk=resident.pk).exists()
    services.placement_transfer(
        actor=head_jember, placement=placement, to_institution=tuban, on=date(2025, 6, 1)
    )
    assert Resident.objects.visible_to(staff_tuban).filter(pk=resident.pk).exists()
    assert not Resident.objects.visible_to(staff_of(semarang)).filter(pk=resident.pk).exists()


def test_the_trigger_update_writes_no_audit_row(jember, staff_jember):
    resident = register(jember, staff_jember)
    before = ResidentHistory.objects.filter(pgh_obj_id=resident.pk).count()
    services.case_admit(
        actor=staff_jember,
        resident=resident,
        institution=jember,
        on=date(2025, 3, 1),
        referral_source="keluarga",
    )
    assert ResidentHistory.objects.filter(pgh_obj_id=resident.pk).count() == before


def test_the_refresh_sql_rebuilds_the_column_after_a_load_without_triggers(jember, tuban, staff_jember):
    resident = register(jember, staff_jember)
    services.case_admit(
        actor=staff_jember,
        resident=resident,
        institution=jember,
        on=date(2025, 3, 1),
        referral_source="keluarga",
    )
    Resident.objects.filter(pk=resident.pk).update(institution_ids=[])
    with connection.cursor() as cursor:
        cursor.execute(INSTITUTION_IDS_REFRESH_SQL)
    assert ids_of(resident) == [jember.pk]


def test_changing_the_registering_institution_adds_the_new_one(jember, tuban, resident):
    Resident.objects.filter(pk=resident.pk).update(registered_at=tuban)
    assert ids_of(resident) == sorted([jember.pk, tuban.pk])


def test_saving_a_resident_again_lists_its_registering_institution_once(jember, resident):
    resident.full_name = "Budi Santosa"
    resident.save()
    assert Resident.objects.get(pk=resident.pk).institution_ids == [jember.pk]


def test_moving_a_placement_to_another_institution_adds_the_new_one(jember, tuban, semarang, resident):
    placement = admit(resident, tuban)
    assert ids_of(resident) == sorted([jember.pk, tuban.pk])
    Placement.objects.filter(pk=placement.pk).update(institution=semarang)
    assert ids_of(resident) == sorted([jember.pk, tuban.pk, semarang.pk])


def test_moving_a_placement_to_a_listed_institution_adds_no_duplicate(jember, tuban, resident):
    placement = admit(resident, tuban)
    Placement.objects.filter(pk=placement.pk).update(institution=jember)
    assert Resident.objects.get(pk=resident.pk).institution_ids == [jember.pk, tuban.pk]
