"""The forms of the residents pages: validation, the service errors they show, POST-redirect-GET."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.residents import services
from apps.residents.forms import EventCloseForm, EventForm, RegisterForm, ResidentForm
from apps.residents.models import (
    Case,
    Consent,
    Document,
    FamilyMember,
    Placement,
    Referral,
    Resident,
    ResidentEvent,
)
from tests.factories import category
from tests.residents.views.conftest import PDF, make_resident, today

pytestmark = pytest.mark.django_db


def register_data(**overrides):
    data = {
        "institution": None,
        "full_name": "Sutrisno",
        "sex": "L",
        "birth_date": "1952-07-17",
        "religion": "islam",
        "marital_status": "kawin",
        "education": "sd",
        "welfare_category": category("LUT").pk,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- form units --------------------------------------------------------------------------------------


def test_resident_form_normalises_nik_typed_with_spaces(jember):
    form = ResidentForm(data=register_data(nik="3509 0112 0385 0001", family_card_no="3509.0112.0385.0002"))
    assert form.is_valid(), form.errors
    assert form.resident_data()["nik"] == "3509011203850001"
    assert form.resident_data()["family_card_no"] == "3509011203850002"


def test_resident_form_refuses_a_short_nik_and_a_future_birth_date(jember):
    form = ResidentForm(data=register_data(nik="12345", birth_date=(today() + timedelta(days=1)).isoformat()))
    assert not form.is_valid()
    assert form.errors["nik"] == ["Harus 16 angka."]
    assert form.errors["birth_date"] == ["Tanggal tidak boleh melewati hari ini."]


def test_register_form_needs_the_consent_details_when_consent_is_ticked(jember):
    from apps.institutions.models import Institution

    form = RegisterForm(
        data=register_data(institution=jember.pk, consent_given="on"),
        institutions=Institution.objects.filter(pk=jember.pk),
    )
    assert not form.is_valid()
    assert "consent_given_by" in form.errors


def test_event_form_needs_a_return_date_for_home_leave():
    form = EventForm(data={"kind": "home_leave", "on": today().isoformat()})
    assert not form.is_valid()
    assert form.errors["expected_return_on"] == ["Izin pulang perlu tanggal rencana kembali."]
    late = EventForm(
        data={
            "kind": "home_leave",
            "on": today().isoformat(),
            "expected_return_on": (today() - timedelta(days=1)).isoformat(),
        }
    )
    assert not late.is_valid()


# --- registration ------------------------------------------------------------------------------------


def test_register_creates_the_resident_with_guardian_and_consent(client, staff_jember, jember):
    client.force_login(staff_jember)
    data = register_data(
        institution=jember.pk,
        guardian_name="Rukmini",
        guardian_relationship="anak",
        guardian_phone="08123456789",
        consent_given="on",
        consent_given_on=today().isoformat(),
        consent_given_by="Rukmini (anak)",
        consent_scope="Layanan rehabilitasi",
    )
    response = client.post(reverse("residents:register"), data)
    resident = Resident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:detail", args=[resident.pk])
    assert resident.registered_at == jember
    assert resident.registration_no.startswith("UPT-JBR-")
    assert FamilyMember.objects.get(resident=resident).is_guardian
    assert FamilyMember.objects.get(resident=resident).phone == "+628123456789"
    assert Consent.objects.get(resident=resident).given_by == "Rukmini (anak)"
    page = client.get(response["Location"])
    assert "PM terdaftar dengan nomor" in page.content.decode()


def test_register_offers_only_the_users_institutions(client, staff_jember, jember, tuban):
    client.force_login(staff_jember)
    response = client.post(reverse("residents:register"), register_data(institution=tuban.pk))
    assert response.status_code == 200
    assert "institution" in response.context["form"].errors
    assert not Resident.objects.exists()


def test_register_shows_possible_duplicates_and_registers_when_confirmed(client, staff_jember, jember):
    existing = make_resident(jember, staff_jember, name="Sutrisno", birth_date=date(1952, 7, 17))
    client.force_login(staff_jember)
    url = reverse("residents:register")
    response = client.post(url, register_data(institution=jember.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="duplicates"' in body
    assert reverse("residents:detail", args=[existing.pk]) in body
    assert 'name="allow_duplicates"' in body
    assert Resident.objects.count() == 1
    response = client.post(url, register_data(institution=jember.pk, allow_duplicates="on"))
    assert response.status_code == 302
    assert Resident.objects.count() == 2


def test_duplicates_in_other_institutions_are_counted_not_shown(
    client, staff_jember, jember, tuban, staff_tuban
):
    hidden = make_resident(tuban, staff_tuban, name="Sutrisno", birth_date=date(1952, 7, 17))
    client.force_login(staff_jember)
    response = client.post(reverse("residents:register"), register_data(institution=jember.pk))
    body = response.content.decode()
    assert "Kemungkinan data ganda ada di lembaga lain, tanyakan kepada pengawas Anda." in body
    assert hidden.registration_no not in body
    assert reverse("residents:detail", args=[hidden.pk]) not in body


def test_a_taken_nik_cannot_be_registered_even_when_confirmed(client, staff_jember, jember):
    make_resident(
        jember, staff_jember, name="Pemilik NIK", nik="3509011707520001", birth_date=date(1952, 7, 17)
    )
    client.force_login(staff_jember)
    data = register_data(
        institution=jember.pk, full_name="Orang Lain Sekali", nik="3509011707520001", allow_duplicates="on"
    )
    response = client.post(reverse("residents:register"), data)
    assert response.status_code == 200
    assert "NIK ini sudah terdaftar pada PM lain." in response.content.decode()
    assert 'name="allow_duplicates"' not in response.content.decode()
    assert Resident.objects.count() == 1


def test_register_shows_nik_errors_on_the_nik_field(client, staff_jember, jember):
    client.force_login(staff_jember)
    # Day 17 means a man; the form says a woman.
    response = client.post(
        reverse("residents:register"), register_data(institution=jember.pk, sex="P", nik="3509011707520001")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["nik"]
    assert not Resident.objects.exists()


# --- admission, transfer, discharge ------------------------------------------------------------------


def test_admit_places_the_resident_and_shows_occupancy(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember, admit_days_ago=None)
    make_resident(jember, staff_jember, name="Sudah Di Dalam")
    client.force_login(staff_jember)
    url = reverse("residents:admit", args=[resident.pk])
    page = client.get(url).content.decode()
    assert "terisi 1 dari 3" in page
    assert 'name="over_capacity_reason"' not in page  # staff cannot approve over capacity
    response = client.post(
        url, {"institution": jember.pk, "on": today().isoformat(), "referral_source": "polisi"}
    )
    assert response.status_code == 302
    placement = Placement.objects.get(resident=resident)
    assert placement.institution == jember
    assert placement.case.referral_source == "polisi"


def test_staff_cannot_admit_over_capacity_and_head_can_with_a_reason(
    client, staff_jember, head_jember, jember
):
    for n in range(3):
        make_resident(jember, staff_jember, name=f"Penghuni {n}")
    newcomer = make_resident(jember, staff_jember, name="Pendatang Baru", admit_days_ago=None)
    url = reverse("residents:admit", args=[newcomer.pk])
    data = {"institution": jember.pk, "on": today().isoformat(), "referral_source": "razia"}
    client.force_login(staff_jember)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "sudah penuh" in response.content.decode()
    assert "penuh" in response.content.decode()
    client.force_login(head_jember)
    assert 'name="over_capacity_reason"' in client.get(url).content.decode()
    response = client.post(url, data)
    assert "Tuliskan alasan" in response.content.decode()
    response = client.post(url, {**data, "over_capacity_reason": "Korban razia malam, tidak ada panti lain."})
    assert response.status_code == 302
    placement = Placement.objects.get(resident=newcomer)
    assert placement.over_capacity_approved_by == head_jember


def test_a_transfer_is_proposed_as_a_referral_and_the_resident_stays(client, staff_jember, jember, tuban):
    resident = make_resident(jember, staff_jember, admit_days_ago=20)
    tuban.categories.add(resident.welfare_category)
    client.force_login(staff_jember)
    url = reverse("residents:transfer", args=[resident.pk])
    page = client.get(url).content.decode()
    assert tuban.name in page
    data = {
        "to_institution": tuban.pk,
        "on": today().isoformat(),
        "letter_no": "460/12/2026",
        "reason": "Dekat keluarga",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    referral = Referral.objects.get(resident=resident)
    assert (referral.to_institution, referral.status) == (tuban, "proposed")
    assert Placement.objects.get(resident=resident).institution == jember  # still at the sender


def test_transfer_refused_by_the_service_is_shown_on_the_form(client, staff_jember, jember, tuban):
    resident = make_resident(jember, staff_jember, admit_days_ago=0)
    tuban.categories.add(resident.welfare_category)
    client.force_login(staff_jember)
    response = client.post(
        reverse("residents:transfer", args=[resident.pk]),
        {"to_institution": tuban.pk, "on": today().isoformat(), "letter_no": "1", "reason": "x"},
    )
    assert response.status_code == 200
    assert "Tanggal pindah harus setelah tanggal masuk" in response.content.decode()


def test_discharge_closes_the_case_and_ends_the_placement(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember, admit_days_ago=20)
    client.force_login(staff_jember)
    url = reverse("residents:discharge", args=[resident.pk])
    response = client.post(url, {"on": today().isoformat()})
    assert response.context["form"].errors["reason"] == ["Pilih alasan terminasi."]
    response = client.post(
        url, {"on": today().isoformat(), "reason": "returned_to_family", "notes": "Dijemput", "confirm": "1"}
    )
    assert response.status_code == 302
    case = Case.objects.get(resident=resident)
    assert case.closed_on == today()
    assert case.termination_reason == "returned_to_family"
    assert Placement.objects.get(resident=resident).end == today()


def test_stage_change(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember)
    client.force_login(staff_jember)
    response = client.post(reverse("residents:stage", args=[resident.pk]), {"stage": "asesmen"})
    assert response.status_code == 302
    assert Case.objects.get(resident=resident).stage == "asesmen"


def test_pages_about_a_placement_refuse_a_resident_without_one(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember, admit_days_ago=None)
    client.force_login(staff_jember)
    assert client.get(reverse("residents:transfer", args=[resident.pk])).status_code == 403
    assert client.get(reverse("residents:discharge", args=[resident.pk])).status_code == 403


# --- events ------------------------------------------------------------------------------------------


def test_home_leave_is_recorded_and_closed(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember)
    client.force_login(staff_jember)
    response = client.post(
        reverse("residents:event_add", args=[resident.pk]),
        {
            "kind": "home_leave",
            "on": (today() - timedelta(days=5)).isoformat(),
            "expected_return_on": (today() - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 302
    event = ResidentEvent.objects.get(resident=resident)
    detail = client.get(reverse("residents:detail", args=[resident.pk]))
    assert b'data-testid="overdue-leave"' in detail.content
    response = client.post(
        reverse("residents:event_close", args=[resident.pk, event.pk]), {"returned_on": today().isoformat()}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.returned_on == today()
    detail = client.get(reverse("residents:detail", args=[resident.pk]))
    assert b'data-testid="overdue-leave"' not in detail.content


def test_event_refused_by_the_service_shows_its_message(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember)
    client.force_login(staff_jember)
    url = reverse("residents:event_add", args=[resident.pk])
    client.post(url, {"kind": "hospital", "on": today().isoformat()})
    response = client.post(url, {"kind": "hospital", "on": today().isoformat()})
    assert response.status_code == 200
    assert "catat kembalinya dulu" in response.content.decode()


# --- family, documents, consent ----------------------------------------------------------------------


def test_family_member_is_added(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember)
    client.force_login(staff_jember)
    response = client.post(
        reverse("residents:family_add", args=[resident.pk]),
        {"name": "Darmi", "relationship": "ibu", "phone": "0812-3456-7890"},
    )
    assert response.status_code == 302
    assert FamilyMember.objects.get(resident=resident).name == "Darmi"
    assert FamilyMember.objects.get(resident=resident).phone == "+6281234567890"


def test_a_phone_number_that_is_not_indonesian_is_refused(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember)
    client.force_login(staff_jember)
    response = client.post(
        reverse("residents:family_add", args=[resident.pk]),
        {"name": "Darmi", "relationship": "ibu", "phone": "0812"},
    )
    assert response.status_code == 200
    assert "Nomor telepon tidak valid" in response.context["form"].errors["phone"][0]
    assert not FamilyMember.objects.filter(resident=resident).exists()
    data = register_data(institution=jember.pk, guardian_name="Rukmini", guardian_relationship="anak")
    response = client.post(reverse("residents:register"), {**data, "guardian_phone": "+1 202 555"})
    assert "Nomor telepon tidak valid" in response.context["form"].errors["guardian_phone"][0]


def test_document_upload_keeps_the_file_under_a_random_name(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember)
    client.force_login(staff_jember)
    upload = SimpleUploadedFile("KTP Budi Santoso.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("residents:document_add", args=[resident.pk]), {"kind": "ktp", "file": upload}
    )
    assert response.status_code == 302
    document = Document.objects.get(resident=resident)
    assert "Budi" not in document.file.name
    assert document.content_type == "application/pdf"


def test_document_upload_refuses_a_file_that_is_not_pdf_or_image(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember)
    client.force_login(staff_jember)
    upload = SimpleUploadedFile("surat.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(
        reverse("residents:document_add", args=[resident.pk]), {"kind": "ktp", "file": upload}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Document.objects.exists()


def test_consent_is_recorded(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember)
    client.force_login(staff_jember)
    response = client.post(
        reverse("residents:consent_add", args=[resident.pk]),
        {"given_on": today().isoformat(), "given_by": "PM sendiri", "scope": "Layanan"},
    )
    assert response.status_code == 302
    assert Consent.objects.get(resident=resident).given_by == "PM sendiri"


def test_identity_edit_changes_only_what_changed(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember, name="Budi", birth_date=date(1950, 3, 1))
    client.force_login(staff_jember)
    data = register_data(full_name="Budi Santoso", birth_date="1950-03-01")
    data.pop("institution", None)
    response = client.post(reverse("residents:edit", args=[resident.pk]), data)
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.full_name == "Budi Santoso"
    assert resident.education == "sd"


def test_after_termination_the_file_offers_no_stage_change(client, staff_jember, jember):
    resident = make_resident(jember, staff_jember, admit_days_ago=20)
    client.force_login(staff_jember)
    client.post(
        reverse("residents:discharge", args=[resident.pk]),
        {"on": today().isoformat(), "reason": "independent", "notes": "Bekerja di bengkel", "confirm": "1"},
    )
    assert Case.objects.get(resident=resident).closed_on == today()
    page = client.get(reverse("residents:detail", args=[resident.pk])).content.decode()
    url = reverse("residents:stage", args=[resident.pk])
    assert url not in page
    assert client.post(url, {"stage": "bimbingan_lanjut"}).status_code == 403
    assert Case.objects.get(resident=resident).stage == "terminasi"


def test_export_form_keeps_the_filters_but_not_the_page(client, staff_jember, jember):
    make_resident(jember, staff_jember)
    client.force_login(staff_jember)
    body = client.get(reverse("residents:list"), {"sex": "L", "page": "1"}).content.decode()
    assert f'formaction="{reverse("residents:export", args=["csv"])}"' in body
    assert '<input type="hidden" name="sex" value="L">' in body
    assert '<input type="hidden" name="page"' not in body


def test_event_forms_show_the_services_own_rules():
    form = EventForm(data={"kind": "room_move", "on": today().isoformat()})
    assert not form.is_valid()
    assert form.errors["room"] == ["Isi kamar/wisma yang baru."]
    future = EventForm(data={"kind": "hospital", "on": (today() + timedelta(days=1)).isoformat()})
    assert not future.is_valid()
    assert (
        future.errors["on"] == services.event_problems(kind="hospital", on=today() + timedelta(days=1))["on"]
    )
    bad_date = EventForm(data={"kind": "home_leave", "on": "kemarin"})
    assert not bad_date.is_valid()
    assert len(bad_date.errors["on"]) == 1  # its own parse error, nothing on top


def test_event_close_form_refuses_a_return_before_the_event(jember, staff_jember):
    event = ResidentEvent(occurred_on=today() - timedelta(days=2))
    form = EventCloseForm(data={"returned_on": (today() - timedelta(days=3)).isoformat()}, event=event)
    assert not form.is_valid()
    assert form.errors["returned_on"] == ["Tanggal kembali tidak boleh sebelum tanggal kejadian."]
