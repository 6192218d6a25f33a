"""The list of residents: who sees whom, search and filters, pagination, query counts."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from apps.residents import services
from apps.residents.models import Case
from tests.factories import InstitutionFactory, category, staff_of
from tests.residents.views.conftest import ids_in, make_resident, today

pytestmark = pytest.mark.django_db


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
    assert ids_in(client.post(url, {"q": "aminah"}, follow=True)) == [jember_resident.pk]
    assert ids_in(client.post(url, {"q": "gondr"}, follow=True)) == [other.pk]
    assert ids_in(client.post(url, {"q": other.registration_no}, follow=True)) == [other.pk]
    assert ids_in(client.post(url, {"q": "3509014101500001"}, follow=True)) == [jember_resident.pk]
    # 16 digits are a NIK: exact match only, not a prefix of another.
    assert ids_in(client.post(url, {"q": "3509014101500002"}, follow=True)) == []


def test_filters_by_category_sex_and_age_band(client, staff_jember, big_jember):
    day = today()

    def at_jember(name, born, category_code="LUT", sex="L"):
        return make_resident(
            big_jember,
            staff_jember,
            name=name,
            welfare_category=category(category_code),
            birth_date=born,
            sex=sex,
        )

    child = at_jember("Anak Satu", day.replace(year=day.year - 10), "AT", sex="P")
    toddler = at_jember("Balita", day - timedelta(days=400), "AT")
    adult = at_jember("Dewasa", day.replace(year=day.year - 30), "PD")
    elder = at_jember("Lansia", date(1940, 5, 5))
    # On the 18th birthday the PM is an adult, the day before still a child.
    turns_18 = at_jember(
        "Delapan Belas",
        day.replace(year=day.year - 18) if day.month != 2 or day.day != 29 else date(day.year - 18, 2, 28),
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


def test_list_masks_every_nik_but_its_last_four_digits_for_staff_and_supervisors(
    client, staff_jember, supervisor_jatim, jember_resident
):
    for user in (staff_jember, supervisor_jatim):
        client.force_login(user)
        body = client.get(reverse("residents:list")).content.decode()
        assert "3509014101500001" not in body and "3509" not in body
        assert "************0001" in body
    # The full number is on the file, for those who may see it.
    client.force_login(staff_jember)
    assert (
        "3509014101500001"
        in client.get(reverse("residents:detail", args=[jember_resident.pk])).content.decode()
    )


def test_search_text_in_a_url_is_ignored(client, staff_jember, jember, jember_resident):
    other = make_resident(jember, staff_jember, name="Agus Salim")
    client.force_login(staff_jember)
    # A name or NIK must never travel in a URL; only the POST body is read for the search.
    ids = ids_in(client.get(reverse("residents:list"), {"q": "aminah"}))
    assert sorted(ids) == sorted([jember_resident.pk, other.pk])


def test_the_list_page_puts_no_search_text_into_links_or_pushed_urls(client, staff_jember, jember_resident):
    client.force_login(staff_jember)
    response = client.post(reverse("residents:list"), {"q": "aminah", "sex": "P"}, follow=True)
    body = response.content.decode()
    assert 'method="post"' in body
    assert "?q=" not in body and "&q=" not in body and "aminah" not in response.redirect_chain[0][0]
    # The export form carries the current filters as hidden fields in its body.
    assert '<input type="hidden" name="q" value="aminah">' in body


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


def test_a_long_institution_list_becomes_a_code_box(client, supervisor_jatim, jember, jember_resident):
    from apps.residents.filters import INSTITUTION_MENU_LIMIT

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

    for n in range(VISIBILITY_INDEX_LIMIT):
        InstitutionFactory(code=f"UPT-WIDE-{n:02}", region_id="35.78")
    client.force_login(supervisor_jatim)
    response = client.get(reverse("residents:list"))
    assert ids_in(response) == [jember_resident.pk]
    assert not response.context["page"].paginator.counted
    assert "Penerima manfaat 1–1" in response.content.decode()
