from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.institutions.scope import UserScope
from apps.residents import permissions as p
from tests.factories import UserFactory, staff_of, supervisor_of
from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db


@pytest.fixture
def head_tuban(tuban):
    return staff_of(tuban, role="head", username="kepala_tuban")


@pytest.fixture
def moved(jember, tuban):
    """Registered at Jember, placed there, now at Tuban (after a transfer)."""
    resident = ResidentFactory(registered_at=jember)
    first = admit(resident, jember, on=date(2025, 1, 1), end=date(2025, 3, 1))
    admit(resident, tuban, on=date(2025, 3, 1), case=first.case)
    # As a page reads it: ``institution_ids`` is written by the placement triggers.
    resident.refresh_from_db()
    return resident


def test_full_nik_for_staff_and_heads_of_the_residents_institutions_and_admins(
    jember, tuban, staff_jember, head_jember, staff_tuban, supervisor_jatim, admin_user
):
    assert p.can_view_nik(staff_jember, [jember])
    assert p.can_view_nik(head_jember, {jember.pk})
    assert p.can_view_nik(admin_user, [])
    assert not p.can_view_nik(staff_tuban, [jember])
    assert not p.can_view_nik(supervisor_jatim, [jember])
    assert not p.can_view_nik(AnonymousUser(), [jember])


def test_register_and_admit_only_at_ones_own_institution(
    jember, tuban, staff_jember, supervisor_jatim, admin_user
):
    assert p.can_register(staff_jember, jember) and p.can_admit(staff_jember, jember)
    assert not p.can_register(staff_jember, tuban) and not p.can_admit(staff_jember, tuban)
    assert not p.can_admit(supervisor_jatim, jember)
    assert p.can_admit(admin_user, tuban)
    assert not p.can_register(AnonymousUser(), jember)


def test_an_inactive_user_may_do_nothing(jember, staff_jember):
    staff_jember.is_active = False
    assert not p.can_register(staff_jember, jember)
    assert not p.can_export(staff_jember)


def test_the_sending_institution_transfers(jember, tuban, staff_jember, staff_tuban, admitted_resident):
    placement = admitted_resident.placements.get()
    assert p.can_transfer(staff_jember, placement)
    assert not p.can_transfer(staff_tuban, placement)


def test_staff_of_the_responsible_institution_discharge(
    staff_jember, head_jember, staff_tuban, admitted_resident
):
    case = admitted_resident.cases.get()
    assert p.can_discharge(staff_jember, case)
    assert p.can_discharge(head_jember, case)
    assert not p.can_discharge(staff_tuban, case)


def test_events_are_recorded_where_the_resident_is_now(moved, staff_jember, staff_tuban, supervisor_jatim):
    # Registered at Jember and placed at Tuban today: only Tuban
    # records what happens to the PM there (a hospital stay recorded by the sender was the bug).
    assert p.can_record_event(staff_tuban, moved)
    assert not p.can_record_event(staff_jember, moved)
    assert p.can_edit_resident(staff_jember, moved)  # the registering institution keeps the file
    assert not p.can_record_event(supervisor_jatim, moved)


def test_a_former_institution_that_did_not_register_only_reads(jember, tuban, staff_jember, staff_tuban):
    resident = ResidentFactory(registered_at=tuban)
    first = admit(resident, tuban, on=date(2025, 1, 1), end=date(2025, 3, 1))
    admit(resident, jember, on=date(2025, 3, 1), case=first.case)
    other = staff_of(tuban, username="staf_tuban_2")
    assert p.can_record_event(staff_jember, resident)
    assert not p.can_record_event(other, resident)  # Tuban registered the PM, Jember holds them
    resident2 = ResidentFactory(registered_at=jember)
    first2 = admit(resident2, tuban, on=date(2025, 1, 1), end=date(2025, 3, 1))
    admit(resident2, jember, on=date(2025, 3, 1), case=first2.case)
    assert not p.can_edit_resident(staff_tuban, resident2)  # only placed there before


def test_a_known_current_institution_and_a_loaded_scope_cost_no_query(
    jember, tuban, staff_tuban, moved, django_assert_num_queries
):
    scope = UserScope.of(staff_tuban)
    p.can_record_event(scope, moved, tuban.pk)  # loads the user's roles once
    with django_assert_num_queries(0):
        assert p.can_record_event(scope, moved, tuban.pk)


def test_export_for_staff_heads_supervisors_and_admins_only(
    staff_jember, head_jember, supervisor_jatim, admin_user
):
    assert p.can_export(staff_jember)
    assert p.can_export(head_jember)
    assert p.can_export(supervisor_jatim)
    assert p.can_export(admin_user)
    assert not p.can_export(UserFactory(username="tanpa_peran"))
    assert not p.can_export(AnonymousUser())


def test_history_for_heads_supervisors_of_the_region_and_admins(
    moved, head_jember, staff_jember, head_tuban, staff_tuban, supervisor_jatim, admin_user
):
    assert p.can_view_history(head_jember, moved)
    assert p.can_view_history(head_tuban, moved)
    assert p.can_view_history(supervisor_jatim, moved)
    assert p.can_view_history(admin_user, moved)
    assert not p.can_view_history(staff_jember, moved)
    assert not p.can_view_history(staff_tuban, moved)
    assert not p.can_view_history(supervisor_of("33", username="pengawas_jateng"), moved)


def test_mask_nik_keeps_only_the_last_four_digits():
    assert p.mask_nik("3509011203500001") == "************0001"
    assert p.mask_nik("") == ""
    assert p.mask_nik(None) == ""


# --- Django admin: read-mostly, nothing deleted ---------------------------------------------------


def test_admin_lists_residents_but_deletes_nothing(client, admin_user, resident, admitted_resident):
    from django.contrib import admin
    from django.urls import reverse

    from apps.residents.models import Case, Placement, Resident

    client.force_login(admin_user)
    response = client.get(reverse("admin:residents_resident_changelist"), {"q": "Budi"})
    assert response.status_code == 200
    assert b"UPT-JBR-2025-00001" in response.content
    assert client.get(reverse("admin:residents_resident_change", args=[resident.pk])).status_code == 200
    assert client.get(reverse("admin:residents_placement_changelist")).status_code == 200
    assert (
        client.post(
            reverse("admin:residents_resident_delete", args=[resident.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    for model in (Resident, Case, Placement):
        assert not admin.site._registry[model].has_delete_permission(response.wsgi_request)
    assert Resident.objects.filter(pk=resident.pk).exists()


def test_admin_refuses_a_nik_that_breaks_the_rules(admin_user, resident):
    from apps.residents.admin import ResidentAdminForm

    data = {f: getattr(resident, f) for f in ("full_name", "sex", "birth_date", "religion", "marital_status")}
    data.update(
        {
            "registered_at": resident.registered_at_id,
            "welfare_category": resident.welfare_category_id,
            "education": resident.education,
            "nik": "3509015203500001",  # a woman's NIK for a man
        }
    )
    form = ResidentAdminForm(data=data, instance=resident)
    assert not form.is_valid()
    assert "Jenis kelamin" in form.errors["nik"][0]
