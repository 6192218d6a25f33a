"""The Django admin writes residents and their family through the services: the same NIK
and duplicate rules, refusals shown as form errors, the administrator in the audit history."""

from datetime import date

import pytest
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone

from apps.residents.models import FamilyMember, FamilyMemberHistory, Resident, ResidentHistory
from tests.factories import category

pytestmark = pytest.mark.django_db


def _post_value(bound_field):
    value = bound_field.value()
    if value is None or isinstance(value, FieldFile):
        return None  # nothing typed; a file input is left empty
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return value


def _form_fields(form, data):
    for name in form.fields:
        value = _post_value(form[name])
        if value is not None:
            data[form.add_prefix(name)] = value


def admin_post_data(response, **changes) -> dict:
    """What the admin page in ``response`` would post unchanged (with its inlines), plus ``changes``."""
    data: dict = {}
    _form_fields(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _form_fields(formset.management_form, data)
        for form in formset.forms:
            _form_fields(form, data)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def change_url(resident):
    return reverse("admin:residents_resident_change", args=[resident.pk])


def test_a_bad_nik_is_refused_with_a_message_and_nothing_is_written(client, admin_user, resident):
    client.force_login(admin_user)
    page = client.get(change_url(resident))
    before = ResidentHistory.objects.filter(pgh_obj_id=resident.pk).count()
    response = client.post(change_url(resident), admin_post_data(page, nik="3509013102500001"))  # 31 Feb
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert any("kalender" in message for message in errors["nik"]), errors
    resident.refresh_from_db()
    assert resident.nik == "3509011203500001"
    assert ResidentHistory.objects.filter(pgh_obj_id=resident.pk).count() == before


def test_a_nik_that_disagrees_with_the_birth_date_is_refused_as_in_the_service(client, admin_user, resident):
    client.force_login(admin_user)
    page = client.get(change_url(resident))
    response = client.post(change_url(resident), admin_post_data(page, birth_date="1951-03-12"))
    assert response.status_code == 200
    assert "tidak sama dengan tanggal lahir" in response.context["adminform"].form.errors["nik"][0]


def test_a_good_change_is_audited_with_the_administrator(client, admin_user, resident):
    client.force_login(admin_user)
    page = client.get(change_url(resident))
    response = client.post(
        change_url(resident), admin_post_data(page, nickname="Pak Budi", nik="3509 0112 0350 0001")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    resident.refresh_from_db()
    assert resident.nickname == "Pak Budi"
    assert resident.updated_by == admin_user
    change = ResidentHistory.objects.filter(pgh_obj_id=resident.pk).order_by("-pgh_id").first()
    assert change.nickname == "Pak Budi"
    assert change.pgh_context.metadata["user"] == admin_user.pk


def test_an_unchanged_save_writes_no_history(client, admin_user, resident):
    client.force_login(admin_user)
    page = client.get(change_url(resident))
    before = ResidentHistory.objects.filter(pgh_obj_id=resident.pk).count()
    response = client.post(change_url(resident), admin_post_data(page))
    assert response.status_code == 302
    assert ResidentHistory.objects.filter(pgh_obj_id=resident.pk).count() == before


ADD_URL = "admin:residents_resident_add"


def add_data(client, institution, **person) -> dict:
    """The admin's add page, filled in for a PM at ``institution``."""
    page = client.get(reverse(ADD_URL))
    person = {"full_name": "Ahmad Fauzi", "sex": "L", "birth_date": "1960-05-17", **person}
    return admin_post_data(page, registered_at=institution.pk, welfare_category=category("GEL").pk, **person)


def test_adding_a_resident_registers_them_with_a_generated_number(client, admin_user, jember):
    client.force_login(admin_user)
    response = client.post(reverse(ADD_URL), add_data(client, jember))
    assert response.status_code == 302, response.context["adminform"].form.errors
    resident = Resident.objects.get(full_name="Ahmad Fauzi")
    assert resident.registration_no == f"UPT-JBR-{timezone.localdate().year}-00001"
    assert resident.created_by == admin_user


def test_adding_a_possible_duplicate_needs_confirmation(client, admin_user, jember, resident):
    client.force_login(admin_user)
    url = reverse(ADD_URL)
    data = add_data(client, jember, full_name="BUDI SANTOSA", birth_date="1951-01-01")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Mungkin orang ini sudah terdaftar" in str(response.context["adminform"].form.non_field_errors())
    assert Resident.objects.count() == 1
    response = client.post(url, {**data, "allow_duplicates": "on"})
    assert response.status_code == 302
    assert Resident.objects.count() == 2


def with_relative(client, resident, *, nik) -> dict:
    """The resident's admin page with one relative (Sumarni, the mother) added in the family inline."""
    relative = {"name": "Sumarni", "relationship": "ibu", "nik": nik, "resident": resident.pk}
    return admin_post_data(
        client.get(change_url(resident)),
        **{"family-TOTAL_FORMS": "1"},
        **{f"family-0-{name}": value for name, value in relative.items()},
    )


def test_a_family_member_with_a_bad_nik_is_refused(client, admin_user, resident):
    client.force_login(admin_user)
    response = client.post(
        change_url(resident), with_relative(client, resident, nik="3509010000000001")
    )  # day 00
    assert response.status_code == 200
    [formset] = [i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "family"]
    assert "nik" in formset.forms[0].errors
    assert not FamilyMember.objects.exists()


def test_a_family_member_added_and_changed_in_the_admin_is_audited(client, admin_user, resident):
    client.force_login(admin_user)
    response = client.post(change_url(resident), with_relative(client, resident, nik="3509 0152 0350 0002"))
    assert response.status_code == 302
    member = FamilyMember.objects.get()
    assert (member.nik, member.created_by) == ("3509015203500002", admin_user)

    page = client.get(change_url(resident))
    response = client.post(
        change_url(resident), admin_post_data(page, **{"family-0-phone": "0812-3456-7890"})
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.phone, member.updated_by) == ("+6281234567890", admin_user)
    last = FamilyMemberHistory.objects.filter(pgh_obj_id=member.pk).order_by("-pgh_id").first()
    assert last.pgh_context.metadata["user"] == admin_user.pk


def test_referrals_and_requests_are_read_only_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    for name in ("referral", "overcapacityrequest"):
        assert client.get(reverse(f"admin:residents_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:residents_{name}_add")).status_code == 403
