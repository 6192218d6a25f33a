"""The resident's file and the download of a document."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.residents import services
from apps.residents.models import AccessLog
from tests.residents.views.conftest import (
    PDF,
    add_relative,
    home_leave,
    hospital_stay,
    make_resident,
    same_queries_as_rows_grow,
    today,
)

pytestmark = pytest.mark.django_db


def test_detail_shows_profile_placement_timeline_family_and_documents(
    client, staff_jember, jember, jember_resident
):
    services.family_member_add(
        actor=staff_jember,
        resident=jember_resident,
        data={"name": "Rahmat", "relationship": "anak", "is_guardian": True},
    )
    services.document_add(
        actor=staff_jember, resident=jember_resident, kind="ktp", file=SimpleUploadedFile("ktp.pdf", PDF)
    )
    client.force_login(staff_jember)
    response = client.get(reverse("residents:detail", args=[jember_resident.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Siti Aminah" in body
    assert jember.name in body
    assert "Rahmat" in body
    assert "KTP" in body
    assert "Masuk " + jember.name in body  # the timeline
    assert "3509014101500001" in body  # staff of the institution see the NIK


def test_detail_masks_nik_for_supervisor(client, supervisor_jatim, jember_resident):
    client.force_login(supervisor_jatim)
    body = client.get(reverse("residents:detail", args=[jember_resident.pk])).content.decode()
    assert "3509014101500001" not in body
    assert "************0001" in body


def test_opening_a_file_is_logged(client, staff_jember, jember_resident):
    client.force_login(staff_jember)
    client.get(reverse("residents:detail", args=[jember_resident.pk]))
    log = AccessLog.objects.get(action="view")
    assert (log.user, log.resident) == (staff_jember, jember_resident)


def test_overdue_home_leave_is_flagged(client, staff_jember, jember_resident):
    home_leave(jember_resident, staff_jember, days_ago=10, due_in_days=-3)
    client.force_login(staff_jember)
    response = client.get(reverse("residents:detail", args=[jember_resident.pk]))
    assert b'data-testid="overdue-leave"' in response.content


def test_home_leave_not_yet_due_is_not_flagged(client, staff_jember, jember_resident):
    home_leave(jember_resident, staff_jember, days_ago=2, due_in_days=3)
    client.force_login(staff_jember)
    response = client.get(reverse("residents:detail", args=[jember_resident.pk]))
    assert b'data-testid="overdue-leave"' not in response.content
    assert "Izin pulang" in response.content.decode()


def test_detail_query_count_is_constant(client, staff_jember, big_jember, tuban, django_assert_num_queries):
    resident = make_resident(big_jember, staff_jember, admit_days_ago=300)

    stays = []  # hospital stays so far: each later than the last (events go forward in time)

    def grow(n):
        for i in range(n):
            stays.append(len(stays))
            add_relative(resident, staff_jember, i)
            services.document_add(
                actor=staff_jember, resident=resident, kind="lainnya", file=SimpleUploadedFile("x.pdf", PDF)
            )
            services.consent_record(
                actor=staff_jember, resident=resident, given_on=today(), given_by="PM", scope="layanan"
            )
            hospital_stay(resident, staff_jember, days_ago=200 - 10 * stays[-1])

    grow(2)
    client.force_login(staff_jember)
    url = reverse("residents:detail", args=[resident.pk])
    # session, user, scopes, visible institution ids, resident, timeline (cases, placements,
    # events, their three audit histories, users, referral steps and over-capacity requests),
    # roles, referrals, access log, family, documents, consents, readiness for discharge
    # (tracks), demo flag, session refresh (3)
    response = same_queries_as_rows_grow(django_assert_num_queries, client, url, 25, grow=lambda: grow(3))
    assert len(response.context["family"]) == 5


def test_a_document_of_another_institution_is_not_found(client, staff_jember, staff_tuban, jember_resident):
    document = services.document_add(
        actor=staff_jember, resident=jember_resident, kind="ktp", file=SimpleUploadedFile("ktp.pdf", PDF)
    )
    client.force_login(staff_tuban)
    assert (
        client.get(reverse("residents:document", args=[jember_resident.pk, document.pk])).status_code == 404
    )
    assert not AccessLog.objects.filter(action="document").exists()


def test_a_document_is_only_reachable_through_its_own_resident(client, staff_jember, jember, jember_resident):
    other = make_resident(jember, staff_jember, name="Orang Lain", admit_days_ago=None)
    document = services.document_add(
        actor=staff_jember, resident=other, kind="ktp", file=SimpleUploadedFile("ktp.pdf", PDF)
    )
    client.force_login(staff_jember)
    assert (
        client.get(reverse("residents:document", args=[jember_resident.pk, document.pk])).status_code == 404
    )


def test_document_download_streams_the_file_and_is_logged(
    client, staff_jember, jember_resident, django_assert_num_queries
):
    document = services.document_add(
        actor=staff_jember,
        resident=jember_resident,
        kind="ktp",
        file=SimpleUploadedFile("Siti Aminah KTP.pdf", PDF),
    )
    client.force_login(staff_jember)
    url = reverse("residents:document", args=[jember_resident.pk, document.pk])
    # session, user, scopes, visible institution ids, resident, document, access log,
    # session refresh (3)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "Siti" not in response["Content-Disposition"]  # no name in the file name
    log = AccessLog.objects.get(action="document")
    assert log.resident == jember_resident
    assert log.detail == {"document_id": document.pk, "kind": "ktp"}
