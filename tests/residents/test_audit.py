"""Every change to personal data is in the audit history, with who made it (docs/domain.md)."""

from datetime import date

import pytest
from openpyxl import Workbook

from apps.residents import services
from apps.residents.models import (
    CaseHistory,
    PlacementHistory,
    Resident,
    ResidentEventHistory,
    ResidentHistory,
)
from apps.residents.services import IMPORT_COLUMNS, residents_import
from tests.factories import category
from tests.residents.conftest import ResidentFactory

pytestmark = pytest.mark.django_db


def actor_of(event):
    return event.pgh_context.metadata.get("user") if event.pgh_context else None


def test_registration_outside_a_request_records_the_actor(staff_jember, jember):
    resident = services.resident_register(
        actor=staff_jember,
        institution=jember,
        data={"full_name": "Ahmad Fauzi", "sex": "L", "welfare_category": category("GEL")},
    )
    event = ResidentHistory.objects.get(pgh_obj=resident)
    assert event.pgh_label == "insert"
    assert event.full_name == "Ahmad Fauzi"
    assert actor_of(event) == staff_jember.pk


def test_an_update_is_a_new_history_row_with_the_old_value_kept(staff_jember, head_jember, resident):
    services.resident_update(actor=head_jember, resident=resident, data={"full_name": "Budi Santosa"})
    events = list(ResidentHistory.objects.filter(pgh_obj=resident).order_by("pgh_id"))
    assert [e.full_name for e in events] == ["Budi Santoso", "Budi Santosa"]
    assert events[-1].pgh_label == "update"
    assert actor_of(events[-1]) == head_jember.pk


def test_admission_transfer_and_events_record_the_actor(
    staff_jember, head_jember, staff_tuban, tuban, resident, jember
):
    placement = services.case_admit(
        actor=staff_jember,
        resident=resident,
        institution=jember,
        on=date(2025, 1, 5),
        referral_source="razia",
    )
    services.placement_transfer(
        actor=head_jember, placement=placement, to_institution=tuban, on=date(2025, 2, 1)
    )
    services.event_record(actor=staff_tuban, resident=resident, kind="hospital", on=date(2025, 2, 3))
    placement_events = PlacementHistory.objects.filter(pgh_obj=placement).order_by("pgh_id")
    assert [(e.pgh_label, actor_of(e)) for e in placement_events] == [
        ("insert", staff_jember.pk),
        ("update", head_jember.pk),
    ]
    assert actor_of(CaseHistory.objects.filter(pgh_obj=placement.case).latest("pgh_id")) == head_jember.pk
    assert actor_of(ResidentEventHistory.objects.get()) == staff_tuban.pk


def test_bulk_create_is_audited_too(jember):
    ResidentFactory._meta.model.objects.bulk_create(
        [
            Resident(registration_no=f"BULK-{i}", registered_at=jember, full_name=f"Warga {i}", sex="L",
                     welfare_category=category("FM"))
            for i in range(3)
        ]
    )  # fmt: skip
    assert ResidentHistory.objects.filter(registration_no__startswith="BULK-").count() == 3


def test_an_import_is_audited_row_by_row_with_the_importing_user(tmp_path, jember, staff_jember):
    workbook = Workbook()
    workbook.active.append(IMPORT_COLUMNS)
    for n in range(3):
        values = {
            "institution_code": "UPT-JBR",
            "registration_no": f"IMP-{n}",
            "full_name": f"Warga Impor {n}",
            "sex": "P",
            "welfare_category": "LUT",
            "admitted_on": "2024-01-02",
        }
        workbook.active.append([values.get(c, "") for c in IMPORT_COLUMNS])
    workbook.save(tmp_path / "imp.xlsx")

    residents_import(actor=staff_jember, source=str(tmp_path / "imp.xlsx"))

    history = ResidentHistory.objects.filter(registration_no__startswith="IMP-").select_related("pgh_context")
    assert history.count() == 3
    assert {actor_of(e) for e in history} == {staff_jember.pk}
    assert {e.pgh_context.metadata.get("source") for e in history} == {"import"}
    assert PlacementHistory.objects.filter(pgh_obj__resident__registration_no__startswith="IMP-").count() == 3
    assert CaseHistory.objects.count() == 3
