"""Pages of the residents app: scoping, what they show, the forms, audit history, query counts."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.residents import services
from apps.residents.models import AccessLog, Case, Document, FamilyMember, Placement, Resident, ResidentEvent
from tests.factories import InstitutionFactory, category, staff_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def today() -> date:
    return timezone.localdate()


def make_resident(institution, actor, *, name="Budi Santoso", admit_days_ago=30, **data):
    """A registered PM, admitted ``admit_days_ago`` days ago (None: never placed)."""
    fields = {
        "full_name": name,
        "sex": "L",
        "welfare_category": category("LUT"),
        "birth_date": date(1950, 3, 1),
    }
    fields.update(data)
    resident = services.resident_register(
        actor=actor, institution=institution, data=fields, allow_duplicates=True
    )
    if admit_days_ago is not None:
        services.case_admit(
            actor=actor,
            resident=resident,
            institution=institution,
            on=today() - timedelta(days=admit_days_ago),
            referral_source=Case.ReferralSource.FAMILY,
        )
    return resident


def ids_in(response):
    return [r.pk for r in response.context["rows"]]


@pytest.fixture
def big_jember(jember):
    """Jember with room for the lists of the query-count tests."""
    jember.capacity = 100
    jember.save(update_fields=["capacity"])
    return jember


@pytest.fixture
def jember_resident(jember, staff_jember):
    return make_resident(
        jember, staff_jember, name="Siti Aminah", sex="P", nik="3509014101500001", birth_date=date(1950, 1, 1)
    )


@pytest.fixture
def tuban_resident(tuban, staff_tuban):
    return make_resident(tuban, staff_tuban, name="Joko Widodo")


# --- list --------------------------------------------------------------------------------------------


def test_staff_see_only_residents_of_their_institution(client, staff_jember, jember_resident, tuban_resident):
    client.force_login(staff_jember)
    response = client.get(reverse("residents:list"))
    assert response.status_code == 200
    assert ids_in(response) == [jember_resident.pk]


def test_supervisor_sees_residents_of_every_institution_in_the_province(
    client, supervisor_jatim, jember_resident, tuban_resident, semarang
):
    other = make_resident(semarang, staff_of(semarang), name="Bukan Jatim")
    client.force_login(supervisor_jatim)
    ids = ids_in(client.get(reverse("residents:list")))
    assert sorted(ids) == sorted([jember_resident.pk, tuban_resident.pk])
    assert other.pk not in ids


def test_search_by_name_nickname_registration_number_and_exact_nik(
    client, staff_jember, jember, jember_resident
):
    other = make_resident(jember, staff_jember, name="Agus Salim", nickname="Gondrong")
    client.force_login(staff_jember)
    url = reverse("residents:list")
    assert ids_in(client.post(url, {"q": "aminah"})) == [jember_resident.pk]
    assert ids_in(client.post(url, {"q": "gondr"})) == [other.pk]
    assert ids_in(client.post(url, {"q": other.registration_no})) == [other.pk]
    assert ids_in(client.post(url, {"q": "3509014101500001"})) == [jember_resident.pk]
    # 16 digits are a NIK: exact match only, not a prefix of another.
    assert ids_in(client.post(url, {"q": "3509014101500002"})) == []


def test_filters_by_category_sex_and_age_band(client, staff_jember, big_jember):
    day = today()
    child = make_resident(
        big_jember,
        staff_jember,
        name="Anak Satu",
        welfare_category=category("AT"),
        birth_date=day.replace(year=day.year - 10),
        sex="P",
    )
    toddler = make_resident(
        big_jember,
        staff_jember,
        name="Balita",
        welfare_category=category("AT"),
        birth_date=day - timedelta(days=400),
    )
    adult = make_resident(
        big_jember,
        staff_jember,
        name="Dewasa",
        welfare_category=category("PD"),
        birth_date=day.replace(year=day.year - 30),
    )
    elder = make_resident(big_jember, staff_jember, name="Lansia", birth_date=date(1940, 5, 5))
    # On the 18th birthday the PM is an adult, the day before still a child.
    turns_18 = make_resident(
        big_jember,
        staff_jember,
        name="Delapan Belas",
        birth_date=day.replace(year=day.year - 18)
        if day.month != 2 or day.day != 29
        else date(day.year - 18, 2, 28),
    )
    client.force_login(staff_jember)
    url = reverse("residents:list")
    assert sorted(ids_in(client.get(url, {"category": category("AT").pk}))) == sorted([child.pk, toddler.pk])
    assert ids_in(client.get(url, {"sex": "P"})) == [child.pk]
    assert ids_in(client.get(url, {"age": "0-5"})) == [toddler.pk]
    assert ids_in(client.get(url, {"age": "6-17"})) == [child.pk]
    assert sorted(ids_in(client.get(url, {"age": "18-59"}))) == sorted([adult.pk, turns_18.pk])
    assert ids_in(client.get(url, {"age": "60+"})) == [elder.pk]


def test_filters_by_status_institution_and_admission_dates(
    client, supervisor_jatim, staff_jember, jember, tuban, staff_tuban
):
    in_care = make_resident(jember, staff_jember, name="Masih Di Panti", admit_days_ago=10)
    community = make_resident(jember, staff_jember, name="Luar Panti", admit_days_ago=None)
    discharged = make_resident(jember, staff_jember, name="Sudah Keluar", admit_days_ago=100)
    services.case_terminate(
        actor=staff_jember,
        case=discharged.cases.get(),
        on=today() - timedelta(days=50),
        reason=Case.TerminationReason.INDEPENDENT,
    )
    at_tuban = make_resident(tuban, staff_tuban, name="Di Tuban", admit_days_ago=200)
    client.force_login(supervisor_jatim)
    url = reverse("residents:list")
    assert sorted(ids_in(client.get(url, {"status": "in_care"}))) == sorted([in_care.pk, at_tuban.pk])
    assert ids_in(client.get(url, {"status": "discharged"})) == [discharged.pk]
    assert ids_in(client.get(url, {"status": "community"})) == [community.pk]
    assert ids_in(client.get(url, {"institution": tuban.code})) == [at_tuban.pk]
    assert ids_in(client.get(url, {"institution": jember.code.lower(), "status": "in_care"})) == [in_care.pk]
    window = {
        "admitted_from": (today() - timedelta(days=120)).isoformat(),
        "admitted_to": (today() - timedelta(days=20)).isoformat(),
    }
    assert ids_in(client.get(url, window)) == [discharged.pk]


def test_institution_filter_offers_only_visible_institutions(client, staff_jember, jember, tuban):
    client.force_login(staff_jember)
    response = client.get(reverse("residents:list"))
    offered = list(response.context["filter"].form.fields["institution"].queryset)
    assert offered == [jember]
    # Another institution's id is refused as a filter value, not applied.
    response = client.get(reverse("residents:list"), {"institution": tuban.code})
    assert response.context["filter"].errors


def test_list_masks_nik_for_supervisor_and_shows_it_to_staff(
    client, staff_jember, supervisor_jatim, jember_resident
):
    client.force_login(staff_jember)
    assert "3509014101500001" in client.get(reverse("residents:list")).content.decode()
    client.force_login(supervisor_jatim)
    body = client.get(reverse("residents:list")).content.decode()
    assert "3509014101500001" not in body
    assert "3509********0001" in body


def test_search_text_in_a_url_is_ignored(client, staff_jember, jember, jember_resident):
    other = make_resident(jember, staff_jember, name="Agus Salim")
    client.force_login(staff_jember)
    # A name or NIK must never travel in a URL; only the POST body is read for the search.
    ids = ids_in(client.get(reverse("residents:list"), {"q": "aminah"}))
    assert sorted(ids) == sorted([jember_resident.pk, other.pk])


def test_the_list_page_puts_no_search_text_into_links_or_pushed_urls(client, staff_jember, jember_resident):
    client.force_login(staff_jember)
    body = client.post(reverse("residents:list"), {"q": "aminah", "sex": "P"}).content.decode()
    assert 'method="post"' in body
    assert "hx-push-url" not in body
    assert "?q=" not in body and "&q=" not in body
    # The export form carries the current filters as hidden fields in its body.
    assert '<input type="hidden" name="q" value="aminah">' in body


def test_pages_after_the_first_keep_the_filters_through_post(client, staff_jember, jember):
    for n in range(30):
        make_resident(jember, staff_jember, name=f"Warga Panti {n:02}", admit_days_ago=None)
    client.force_login(staff_jember)
    response = client.post(reverse("residents:list"), {"q": "warga panti", "page": "2"})
    assert response.context["page"].number == 2
    assert len(ids_in(response)) == 5


def test_htmx_request_gets_only_the_rows(client, staff_jember, jember_resident):
    client.force_login(staff_jember)
    response = client.post(reverse("residents:list"), {"q": "siti"}, headers={"HX-Request": "true"})
    assert [t.name for t in response.templates][0] == "residents/partials/_rows.html"
    assert b"<html" not in response.content
    assert ids_in(response) == [jember_resident.pk]


def test_list_is_paginated_by_25(client, admin_user, big_jember, staff_jember):
    for n in range(27):
        make_resident(big_jember, staff_jember, name=f"Warga {n:02}", admit_days_ago=None)
    client.force_login(admin_user)
    assert len(ids_in(client.get(reverse("residents:list")))) == 25
    assert len(ids_in(client.get(reverse("residents:list"), {"page": 2}))) == 2


def test_list_query_count_does_not_grow_with_rows(
    client, staff_jember, big_jember, django_assert_num_queries
):
    for n in range(8):
        make_resident(big_jember, staff_jember, name=f"Penghuni {n}", nickname=f"P{n}")
    client.force_login(staff_jember)
    # session, user, scopes, visible institution ids, count, rows, roles, demo flag,
    # institution choices (2), category choices (2), and the session refresh (3)
    with django_assert_num_queries(15):
        response = client.get(reverse("residents:list"))
    assert len(response.context["rows"]) == 8
    for n in range(8, 16):
        make_resident(big_jember, staff_jember, name=f"Penghuni {n}")
    with django_assert_num_queries(15):
        response = client.get(reverse("residents:list"))
    assert len(response.context["rows"]) == 16


# --- detail ------------------------------------------------------------------------------------------


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
    assert "3509********0001" in body


def test_opening_a_file_is_logged(client, staff_jember, jember_resident):
    client.force_login(staff_jember)
    client.get(reverse("residents:detail", args=[jember_resident.pk]))
    log = AccessLog.objects.get(action="view")
    assert (log.user, log.resident) == (staff_jember, jember_resident)


def test_overdue_home_leave_is_flagged(client, staff_jember, jember_resident):
    services.event_record(
        actor=staff_jember,
        resident=jember_resident,
        kind="home_leave",
        on=today() - timedelta(days=10),
        expected_return_on=today() - timedelta(days=3),
    )
    client.force_login(staff_jember)
    response = client.get(reverse("residents:detail", args=[jember_resident.pk]))
    assert b'data-testid="overdue-leave"' in response.content


def test_home_leave_not_yet_due_is_not_flagged(client, staff_jember, jember_resident):
    services.event_record(
        actor=staff_jember,
        resident=jember_resident,
        kind="home_leave",
        on=today() - timedelta(days=2),
        expected_return_on=today() + timedelta(days=3),
    )
    client.force_login(staff_jember)
    response = client.get(reverse("residents:detail", args=[jember_resident.pk]))
    assert b'data-testid="overdue-leave"' not in response.content
    assert "Izin pulang" in response.content.decode()


def test_detail_query_count_is_constant(client, staff_jember, big_jember, tuban, django_assert_num_queries):
    resident = make_resident(big_jember, staff_jember, admit_days_ago=300)

    def grow(n):
        for i in range(n):
            services.family_member_add(
                actor=staff_jember,
                resident=resident,
                data={"name": f"Kerabat {i}", "relationship": "kerabat"},
            )
            services.document_add(
                actor=staff_jember, resident=resident, kind="lainnya", file=SimpleUploadedFile("x.pdf", PDF)
            )
            services.consent_record(
                actor=staff_jember, resident=resident, given_on=today(), given_by="PM", scope="layanan"
            )
            services.event_record(
                actor=staff_jember,
                resident=resident,
                kind="hospital",
                on=today() - timedelta(days=200 - 10 * i),
                returned_on=today() - timedelta(days=199 - 10 * i),
            )

    grow(2)
    client.force_login(staff_jember)
    url = reverse("residents:detail", args=[resident.pk])
    # session, user, scopes, visible institution ids, resident, timeline (cases, stage history,
    # placements, events), roles, access log, family, documents, consents, demo flag,
    # session refresh (3)
    with django_assert_num_queries(18):
        client.get(url)
    grow(3)
    with django_assert_num_queries(18):
        response = client.get(url)
    assert len(response.context["family"]) == 5


# --- scoping of every page ---------------------------------------------------------------------------

RESIDENT_PAGES = [
    "detail",
    "edit",
    "history",
    "admit",
    "transfer",
    "discharge",
    "stage",
    "event_add",
    "family_add",
    "document_add",
    "consent_add",
]


@pytest.mark.parametrize("name", RESIDENT_PAGES)
def test_staff_of_another_institution_gets_404_on_every_page(client, staff_tuban, jember_resident, name):
    client.force_login(staff_tuban)
    url = reverse(f"residents:{name}", args=[jember_resident.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", RESIDENT_PAGES[1:])
def test_staff_of_another_institution_gets_404_on_every_post(client, staff_tuban, jember_resident, name):
    client.force_login(staff_tuban)
    url = reverse(f"residents:{name}", args=[jember_resident.pk])
    before = (
        Case.objects.count(),
        Placement.objects.count(),
        ResidentEvent.objects.count(),
        FamilyMember.objects.count(),
        Document.objects.count(),
    )
    response = client.post(
        url,
        {
            "on": today().isoformat(),
            "reason": "other",
            "stage": "asesmen",
            "kind": "hospital",
            "name": "X",
            "relationship": "ayah",
            "full_name": "X",
            "given_on": today().isoformat(),
            "given_by": "X",
            "scope": "X",
        },
    )
    assert response.status_code == 404
    after = (
        Case.objects.count(),
        Placement.objects.count(),
        ResidentEvent.objects.count(),
        FamilyMember.objects.count(),
        Document.objects.count(),
    )
    assert after == before


def test_document_download_and_event_close_are_scoped(client, staff_jember, staff_tuban, jember_resident):
    document = services.document_add(
        actor=staff_jember, resident=jember_resident, kind="ktp", file=SimpleUploadedFile("ktp.pdf", PDF)
    )
    event = services.event_record(
        actor=staff_jember, resident=jember_resident, kind="hospital", on=today() - timedelta(days=1)
    )
    client.force_login(staff_tuban)
    assert (
        client.get(reverse("residents:document", args=[jember_resident.pk, document.pk])).status_code == 404
    )
    close = reverse("residents:event_close", args=[jember_resident.pk, event.pk])
    assert client.post(close, {"returned_on": today().isoformat()}).status_code == 404
    event.refresh_from_db()
    assert event.returned_on is None
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


def test_supervisor_may_read_but_not_act(client, supervisor_jatim, jember_resident):
    client.force_login(supervisor_jatim)
    assert client.get(reverse("residents:detail", args=[jember_resident.pk])).status_code == 200
    for name in ("transfer", "discharge", "event_add", "family_add"):
        assert client.get(reverse(f"residents:{name}", args=[jember_resident.pk])).status_code == 403
    assert client.get(reverse("residents:register")).status_code == 403


def test_anonymous_user_is_sent_to_login(client, jember_resident):
    response = client.get(reverse("residents:detail", args=[jember_resident.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- document download -------------------------------------------------------------------------------


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


# --- history -----------------------------------------------------------------------------------------


def test_history_shows_who_changed_what_to_head_and_supervisor(
    client, staff_jember, head_jember, supervisor_jatim, jember_resident
):
    client.force_login(staff_jember)
    data = {
        "full_name": "Siti Aminah",
        "sex": "P",
        "welfare_category": category("LUT").pk,
        "birth_date": "1950-01-01",
        "religion": "islam",
        "marital_status": "tidak_diketahui",
        "education": "tidak_diketahui",
        "nik": "3509014101500001",
        "nickname": "Mbah Siti",
    }
    response = client.post(reverse("residents:edit", args=[jember_resident.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    for user in (head_jember, supervisor_jatim):
        client.force_login(user)
        response = client.get(reverse("residents:history", args=[jember_resident.pk]))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Mbah Siti" in body
        assert str(staff_jember) in body
        assert "UPT PSTW Jember" in body  # foreign keys by name, not id
        entries = response.context["entries"]
        models = {e["model_name"] for e in entries}
        assert {"Penerima manfaat", "Kasus", "Penempatan"} <= models


def test_history_masks_nik_for_supervisor(client, supervisor_jatim, head_jember, jember_resident):
    client.force_login(supervisor_jatim)
    body = client.get(reverse("residents:history", args=[jember_resident.pk])).content.decode()
    assert "3509014101500001" not in body
    client.force_login(head_jember)
    body = client.get(reverse("residents:history", args=[jember_resident.pk])).content.decode()
    assert "3509014101500001" in body


def test_history_is_refused_to_staff(client, staff_jember, jember_resident):
    client.force_login(staff_jember)
    assert client.get(reverse("residents:history", args=[jember_resident.pk])).status_code == 403
    detail = client.get(reverse("residents:detail", args=[jember_resident.pk]))
    assert b'data-testid="history-link"' not in detail.content


def test_history_query_count_is_constant(
    client, head_jember, staff_jember, jember_resident, django_assert_num_queries
):
    def grow(n):
        for i in range(n):
            services.family_member_add(
                actor=staff_jember,
                resident=jember_resident,
                data={"name": f"Kerabat {i}", "relationship": "kerabat"},
            )
            services.resident_update(actor=head_jember, resident=jember_resident, data={"nickname": f"N{i}"})

    grow(2)
    client.force_login(head_jember)
    url = reverse("residents:history", args=[jember_resident.pk])
    # session, user, scopes, visible institution ids, resident, placements and roles
    # (permission), count, events, names of their users, institutions and categories,
    # demo flag, session refresh (3)
    with django_assert_num_queries(15):
        client.get(url)
    grow(4)
    with django_assert_num_queries(15):
        response = client.get(url)
    assert len(response.context["entries"]) > 8


# --- forms: query counts of the form pages -----------------------------------------------------------


@pytest.mark.parametrize("name", RESIDENT_PAGES[1:])
def test_form_pages_query_count_does_not_grow_with_institutions(client, admin_user, jember_resident, name):
    client.force_login(admin_user)
    url = reverse(f"residents:{name}", args=[jember_resident.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(5):
        InstitutionFactory(code=f"UPT-X{n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_register_page_query_count_is_constant(client, staff_jember, django_assert_num_queries):
    client.force_login(staff_jember)
    # session, user, scopes, visible institutions, roles, exists, demo flag, institution and
    # category choices (3), session refresh (3)
    with django_assert_num_queries(13):
        assert client.get(reverse("residents:register")).status_code == 200


def test_resident_lookup_is_by_numeric_id_only(client, staff_jember, jember_resident):
    client.force_login(staff_jember)
    assert client.get(f"/residents/{jember_resident.registration_no}/").status_code == 404


def test_resident_count_unchanged_by_reads(client, staff_jember, jember_resident):
    client.force_login(staff_jember)
    client.get(reverse("residents:list"))
    client.get(reverse("residents:detail", args=[jember_resident.pk]))
    assert Resident.objects.count() == 1


def test_a_long_institution_list_becomes_a_code_box(client, supervisor_jatim, jember, jember_resident):
    from apps.residents.filters import INSTITUTION_MENU_LIMIT
    from tests.factories import InstitutionFactory

    for n in range(INSTITUTION_MENU_LIMIT):
        InstitutionFactory(code=f"UPT-MANY-{n:02}", region_id="35.78")
    client.force_login(supervisor_jatim)
    body = client.get(reverse("residents:list")).content.decode()
    assert 'type="text" name="institution"' in body
    assert "UPT-MANY-07" not in body  # no menu of every institution
    # The code box takes a code in any case.
    response = client.get(reverse("residents:list"), {"institution": "upt-jbr"})
    assert ids_in(response) == [jember_resident.pk]


def test_a_list_longer_than_the_cap_is_not_counted_to_the_end(django_assert_num_queries):
    from apps.core.pagination import CappedPaginator
    from apps.regions.models import Region

    regions = Region.objects.filter(code__startswith="35.78.").order_by("code")  # 184 rows
    codes = list(regions.values_list("code", flat=True))
    paginator = CappedPaginator(regions, 25, cap=40)
    with django_assert_num_queries(1):
        assert paginator.is_capped and paginator.count == 41
    page = paginator.get_page(2)
    assert [r.code for r in page] == codes[25:50] and page.has_next()
    last = paginator.get_page(8)
    assert [r.code for r in last] == codes[175:] and not last.has_next()
    # Beyond the end of a capped list: the first page, not an error.
    assert paginator.get_page(99).number == 1
    # Under the cap it is an ordinary paginator.
    small = CappedPaginator(regions, 25, cap=1000)
    assert not small.is_capped and small.num_pages == 8 and small.get_page(99).number == 8


def test_an_uncounted_list_pages_by_next_alone(django_assert_num_queries):
    from apps.core.pagination import CappedPaginator
    from apps.regions.models import Region

    regions = Region.objects.filter(code__startswith="35.78.").order_by("code")  # 184 rows
    codes = list(regions.values_list("code", flat=True))
    paginator = CappedPaginator(regions, 25, counted=False)
    with django_assert_num_queries(1):  # the rows only, no COUNT
        page = paginator.get_page(8)
    assert [r.code for r in page] == codes[175:] and not page.has_next()
    assert (page.start_index(), page.end_index()) == (176, len(codes))


def test_a_supervisor_list_is_not_counted(client, supervisor_jatim, jember, jember_resident):
    from apps.residents.models import VISIBILITY_INDEX_LIMIT
    from tests.factories import InstitutionFactory

    for n in range(VISIBILITY_INDEX_LIMIT):
        InstitutionFactory(code=f"UPT-WIDE-{n:02}", region_id="35.78")
    client.force_login(supervisor_jatim)
    response = client.get(reverse("residents:list"))
    assert ids_in(response) == [jember_resident.pk]
    assert not response.context["page"].paginator.counted
    assert "Penerima manfaat 1–1" in response.content.decode()
