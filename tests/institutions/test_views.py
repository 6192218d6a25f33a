import pytest
from django.urls import reverse

from apps.institutions.models import Institution
from tests.factories import TEST_PASSWORD, InstitutionFactory, category

pytestmark = pytest.mark.django_db


def codes_in(response):
    return [i.code for i in response.context["page"]]


def test_staff_see_only_their_institution(client, staff_jember, tuban, semarang):
    client.force_login(staff_jember)
    response = client.get(reverse("institutions:list"))
    assert response.status_code == 200
    assert codes_in(response) == ["UPT-JBR"]


def test_supervisor_sees_every_institution_in_their_province_and_none_outside(
    client, supervisor_jatim, jember, tuban, semarang
):
    client.force_login(supervisor_jatim)
    response = client.get(reverse("institutions:list"))
    assert sorted(codes_in(response)) == ["UPT-JBR", "UPT-TBN"]


def test_supervisor_of_a_regency_does_not_see_a_neighbouring_regency(client, jember, tuban):
    from tests.factories import supervisor_of

    user = supervisor_of("35.09")
    client.force_login(user)
    assert codes_in(client.get(reverse("institutions:list"))) == ["UPT-JBR"]


def test_administrator_sees_all(client, admin_user, jember, tuban, semarang):
    client.force_login(admin_user)
    assert len(codes_in(client.get(reverse("institutions:list")))) == Institution.objects.count()


def test_user_without_membership_or_scope_sees_nothing(client, jember):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert codes_in(client.get(reverse("institutions:list"))) == []


def test_anonymous_user_is_sent_to_login(client, jember):
    response = client.get(reverse("institutions:detail", args=[jember.code]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_staff_of_another_institution_gets_404_on_detail(client, staff_tuban, jember):
    client.force_login(staff_tuban)
    assert client.get(reverse("institutions:detail", args=[jember.code])).status_code == 404


def test_supervisor_outside_the_region_gets_404_on_detail(client, supervisor_jatim, semarang):
    client.force_login(supervisor_jatim)
    assert client.get(reverse("institutions:detail", args=[semarang.code])).status_code == 404


def test_detail_shows_profile_capacity_and_staff(client, staff_jember, jember):
    client.force_login(staff_jember)
    response = client.get(reverse("institutions:detail", args=[jember.code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert jember.name in body
    assert "Kabupaten Jember" in body
    assert staff_jember.get_full_name() in body


def test_filters_by_kind_category_region_and_search(client, supervisor_jatim):
    lks = InstitutionFactory(code="LKSA-A", name="LKSA Kasih", kind="LKS", region_id="35.78")
    lks.categories.set([category("AT")])
    upt = InstitutionFactory(code="UPT-B", name="UPT Werdha", region_id="35.09")
    upt.categories.set([category("LUT")])
    client.force_login(supervisor_jatim)
    url = reverse("institutions:list")
    assert codes_in(client.get(url, {"kind": "LKS"})) == ["LKSA-A"]
    assert codes_in(client.get(url, {"category": category("LUT").pk})) == ["UPT-B"]
    assert codes_in(client.get(url, {"region": "35.78"})) == ["LKSA-A"]
    assert codes_in(client.get(url, {"q": "werdha"})) == ["UPT-B"]
    assert codes_in(client.get(url, {"q": "lksa-a"})) == ["LKSA-A"]


def test_htmx_request_gets_only_the_rows(client, supervisor_jatim, jember):
    client.force_login(supervisor_jatim)
    response = client.get(reverse("institutions:list"), headers={"HX-Request": "true"})
    assert [t.name for t in response.templates][0] == "institutions/partials/_rows.html"
    assert b"<html" not in response.content


def test_list_is_paginated(client, admin_user):
    for n in range(30):
        InstitutionFactory(code=f"UPT-P{n:02}", name=f"UPT P{n:02}")
    client.force_login(admin_user)
    url = reverse("institutions:list")
    assert len(codes_in(client.get(url))) == 25
    assert len(codes_in(client.get(url, {"page": 2}))) == 5


def test_list_query_count_does_not_grow_with_rows(client, supervisor_jatim, django_assert_num_queries):
    for n in range(12):
        i = InstitutionFactory(code=f"UPT-Q{n:02}", region_id="35.78" if n % 2 else "35.09.01")
        i.categories.set([category("LUT"), category("PD")])
    client.force_login(supervisor_jatim)
    # session, user, scopes, region choices (2), count, demo flag, category choices (2),
    # rows, their categories, their occupancy, and the session refresh (update inside a savepoint: 3)
    with django_assert_num_queries(15):
        response = client.get(reverse("institutions:list"))
    assert len(response.context["page"]) == 12


def test_detail_query_count_is_constant(client, supervisor_jatim, jember, django_assert_num_queries):
    from tests.factories import staff_of

    for n in range(5):
        staff_of(jember, username=f"staf{n}")
    jember.categories.set([category("LUT")])
    client.force_login(supervisor_jatim)
    # session, user, scopes, institution, categories, memberships with users, occupancy,
    # demo flag, and the session refresh (3)
    with django_assert_num_queries(11):
        response = client.get(reverse("institutions:detail", args=[jember.code]))
    assert response.status_code == 200


def test_login_page_is_in_indonesian(client):
    response = client.get(reverse("accounts:login"))
    assert "Kata sandi" in response.content.decode()
    assert response.status_code == 200


def test_login_with_password_reaches_home(client, staff_jember):
    response = client.post(
        reverse("accounts:login"), {"username": "staf_jember", "password": TEST_PASSWORD}, follow=True
    )
    assert response.context["user"].is_authenticated
