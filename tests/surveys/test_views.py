import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.surveys.ikm import ELEMENT_CODES
from apps.surveys.models import Channel, FollowUpPlan, SurveyResponse
from tests.factories import InstitutionFactory, MembershipFactory, staff_of, supervisor_of

from .conftest import add_responses, uniform

pytestmark = pytest.mark.django_db

OCT = "?period=2026-10"
WEAK_ON_U3 = {**dict.fromkeys(ELEMENT_CODES, 4), "u3": 1, "u8": 2, "u9": 3}


def url(name, *args, query=OCT):
    return reverse(f"surveys:{name}", args=args) + query


# --- Scoping ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["institution", "institution_export", "poster", "assisted"])
def test_staff_of_another_institution_get_404(client, staff_tuban, jember, name):
    client.force_login(staff_tuban)
    assert client.get(url(name, jember.code)).status_code == 404


@pytest.mark.parametrize("name", ["institution", "institution_export", "poster"])
def test_supervisor_outside_the_region_gets_404(client, supervisor_jatim, semarang, name):
    client.force_login(supervisor_jatim)
    assert client.get(url(name, semarang.code)).status_code == 404


def test_anonymous_users_are_sent_to_login_from_staff_pages(client, jember):
    for name in ["institution", "poster", "assisted", "overview"]:
        args = [] if name == "overview" else [jember.code]
        response = client.get(url(name, *args))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_region_page_is_for_supervisors_of_the_region_and_administrators(
    client, jember, staff_jember, supervisor_jatim, admin_user
):
    client.force_login(staff_jember)
    assert client.get(url("region", "35")).status_code == 404
    client.force_login(supervisor_of("35.09", username="pengawas_jember"))
    assert client.get(url("region", "35")).status_code == 404
    assert client.get(url("region", "35.09")).status_code == 200
    client.force_login(supervisor_jatim)
    assert client.get(url("region", "35")).status_code == 200
    assert client.get(url("region", "33")).status_code == 404
    assert client.get(url("region_export", "33")).status_code == 404
    client.force_login(admin_user)
    assert client.get(url("region", "33")).status_code == 200


def test_overview_lists_only_visible_institutions(client, staff_jember, jember, tuban):
    add_responses(tuban, uniform(4, 2), on=date(2026, 10, 5))
    client.force_login(staff_jember)
    response = client.get(url("overview"))
    assert [i.code for i, _ in response.context["rows"]] == ["UPT-JBR"]
    assert "UPT PSBG Tuban" not in response.content.decode()


# --- Index pages -------------------------------------------------------------------------------------------


def test_institution_page_shows_the_worked_example(client, staff_jember, worked_example):
    client.force_login(staff_jember)
    response = client.get(url("institution", worked_example.code))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="ikm">91,48<' in body  # Indonesian decimal comma
    assert "Sangat Baik" in body
    assert 'data-testid="respondents">29<' in body
    assert "Oktober 2026" in body
    assert "kapasitas lembaga" in body  # the population served is stated


def test_institution_page_highlights_weakest_elements_and_offers_a_plan(client, staff_jember, jember):
    add_responses(jember, [WEAK_ON_U3] * 3, on=date(2026, 10, 5))
    client.force_login(staff_jember)
    response = client.get(url("institution", jember.code))
    assert [e.code for e, _plan in response.context["weak"]] == ["u3", "u8", "u9"]
    body = response.content.decode()
    assert body.count('data-weak="1"') == 3
    assert reverse("surveys:plan_edit", args=[jember.code, "2026-10", "u3"]) in body


def test_an_empty_period_shows_no_index(client, staff_jember, jember):
    client.force_login(staff_jember)
    response = client.get(url("institution", jember.code))
    assert response.status_code == 200
    assert "Belum ada responden pada periode ini" in response.content.decode()


def test_a_bad_period_falls_back_to_this_month(client, staff_jember, jember):
    client.force_login(staff_jember)
    response = client.get(url("institution", jember.code, query="?period=2026-99"))
    assert response.status_code == 200
    assert response.context["period"].kind == "month"


def test_institution_page_query_count_does_not_grow_with_responses(
    client, staff_jember, jember, django_assert_num_queries
):
    for month in (8, 9, 10):
        add_responses(jember, uniform(3, 4), on=date(2026, month, 5), sex="L", age=30)
    FollowUpPlan.objects.create(institution=jember, period="2026-10", element="u1", action="x")
    client.force_login(staff_jember)
    client.get(url("institution", jember.code))  # warm the session
    # session, user, institution, index, population, trend, profile, plans, memberships, supervisor scopes,
    # demo flag, session save (savepoint, update, release)
    with django_assert_num_queries(14):
        response = client.get(url("institution", jember.code))
    assert response.context["report"].respondents == 4
    add_responses(jember, uniform(2, 20), on=date(2026, 10, 6))
    with django_assert_num_queries(14):
        client.get(url("institution", jember.code))


def test_overview_query_count(client, supervisor_jatim, jember, tuban, django_assert_num_queries):
    for n in range(5):
        institution = InstitutionFactory(code=f"UPT-X{n}", region_id="35.78")
        add_responses(institution, uniform(3, 2), on=date(2026, 10, 5))
    client.force_login(supervisor_jatim)
    client.get(url("overview"))
    # session, user, scopes, institutions, per-institution index, supervised regions, demo flag,
    # session save x3
    with django_assert_num_queries(10):
        response = client.get(url("overview"))
    assert len(response.context["rows"]) == 7


def test_region_page_pools_responses_and_shows_the_mean(
    client, supervisor_jatim, jember, tuban, django_assert_num_queries
):
    add_responses(jember, uniform(4, 1), on=date(2026, 10, 5))
    add_responses(tuban, uniform(2, 3), on=date(2026, 10, 5))
    for n in range(4):
        add_responses(
            InstitutionFactory(code=f"UPT-R{n}", region_id="35.78"), uniform(3, 2), on=date(2026, 10, 5)
        )
    client.force_login(supervisor_jatim)
    client.get(url("region", "35"))
    # session, user, region, scopes, institutions, index, per institution, population, trend, profile, plans,
    # demo flag, session save x3
    with django_assert_num_queries(15):
        response = client.get(url("region", "35"))
    report = response.context["report"]
    assert report.respondents == 12
    body = response.content.decode()
    assert 'data-testid="mean-of-institutions"' in body
    assert "UPT PSBG Tuban" in body


def test_xlsx_export_has_the_published_layout(client, staff_jember, worked_example):
    client.force_login(staff_jember)
    response = client.get(url("institution_export", worked_example.code))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="IKM-UPT-JBR-2026-10.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content))["IKM"]
    rows = {row[1]: row for row in sheet.iter_rows(values_only=True) if row and len(row) > 1}
    assert rows["Persyaratan"][2:4] == (105, 3.62)
    assert rows["IKM unit pelayanan (jumlah NRR tertimbang x 25)"][4] == 91.48
    assert rows["Mutu pelayanan"][4] == "A"
    assert rows["Kinerja unit pelayanan"][4] == "Sangat Baik"
    assert rows["Jumlah responden"][4] == 29


def test_xlsx_export_of_an_empty_period(client, staff_jember, jember):
    client.force_login(staff_jember)
    response = client.get(url("institution_export", jember.code))
    sheet = load_workbook(io.BytesIO(response.content))["IKM"]
    texts = [row[1] for row in sheet.iter_rows(values_only=True) if row and len(row) > 1]
    assert any("Belum ada responden" in str(t) for t in texts)


# --- Poster and assisted entry -----------------------------------------------------------------------------


def test_poster_has_a_qr_code_of_the_absolute_short_link(client, staff_jember, jember):
    client.force_login(staff_jember)
    response = client.get(reverse("surveys:poster", args=[jember.code]))
    body = response.content.decode()
    assert "<svg" in body
    assert "http://testserver/s/UPT-JBR/" in body


def test_staff_enter_an_assisted_response(client, staff_jember, jember):
    client.force_login(staff_jember)
    data = dict.fromkeys(ELEMENT_CODES, "2") | {
        "submitted_on": "2026-10-03",
        "service": "luar_panti",
        "sex": "",
    }
    response = client.post(reverse("surveys:assisted", args=[jember.code]), data)
    assert response.status_code == 302
    stored = SurveyResponse.objects.get()
    assert (stored.channel, stored.entered_by, stored.submitted_on) == (
        Channel.ASSISTED,
        staff_jember,
        date(2026, 10, 3),
    )


def test_supervisor_may_not_enter_responses(client, supervisor_jatim, jember):
    client.force_login(supervisor_jatim)
    assert client.get(reverse("surveys:assisted", args=[jember.code])).status_code == 403


# --- Follow-up plans ---------------------------------------------------------------------------------------


@pytest.fixture
def weak_october(jember):
    add_responses(jember, [WEAK_ON_U3] * 3, on=date(2026, 10, 5))


def test_staff_write_a_plan_and_the_supervisor_reviews_it(
    client, staff_jember, supervisor_jatim, jember, weak_october
):
    client.force_login(staff_jember)
    edit = reverse("surveys:plan_edit", args=[jember.code, "2026-10", "u3"])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, {"action": "Tambah petugas loket", "responsible": "Seksi Pelayanan", "problem": ""}
    )
    assert response.status_code == 302
    plan = FollowUpPlan.objects.get()
    assert (plan.element, plan.period, plan.created_by) == ("u3", "2026-10", staff_jember)

    client.force_login(supervisor_jatim)
    page = client.get(url("institution", jember.code)).content.decode()
    assert reverse("surveys:plan_review", args=[plan.pk]) in page
    assert client.post(reverse("surveys:plan_review", args=[plan.pk]), {"note": "Setuju"}).status_code == 302
    plan.refresh_from_db()
    assert plan.reviewed_by == supervisor_jatim and plan.review_note == "Setuju"


def test_plan_for_an_element_that_is_not_weak_shows_an_error(client, staff_jember, jember, weak_october):
    client.force_login(staff_jember)
    edit = reverse("surveys:plan_edit", args=[jember.code, "2026-10", "u1"])
    response = client.post(edit, {"action": "x"})
    assert response.status_code == 200
    assert "bukan unsur terlemah" in response.content.decode()
    assert not FollowUpPlan.objects.exists()


def test_plan_pages_are_scoped(client, staff_tuban, supervisor_jatim, staff_jember, jember, weak_october):
    edit = reverse("surveys:plan_edit", args=[jember.code, "2026-10", "u3"])
    client.force_login(staff_tuban)
    assert client.get(edit).status_code == 404
    client.force_login(supervisor_jatim)
    assert client.get(edit).status_code == 403
    plan = FollowUpPlan.objects.create(institution=jember, period="2026-10", element="u3", action="x")
    client.force_login(staff_tuban)
    assert client.post(reverse("surveys:plan_review", args=[plan.pk])).status_code == 404
    client.force_login(staff_jember)
    assert client.post(reverse("surveys:plan_review", args=[plan.pk])).status_code == 403
    client.force_login(staff_of(jember, username="staf_lain"))
    assert client.get(reverse("surveys:plan_edit", args=[jember.code, "2026-99", "u3"])).status_code == 404
    assert client.get(reverse("surveys:plan_edit", args=[jember.code, "2026-10", "u0"])).status_code == 404
    plan.refresh_from_db()
    assert not plan.is_reviewed


# --- Query counts of the other staff pages: the same with more rows ----------------------------------------


def test_poster_query_count(client, staff_jember, jember, django_assert_num_queries):
    poster = reverse("surveys:poster", args=[jember.code])
    client.force_login(staff_jember)
    client.get(poster)  # warm the session
    for grow in range(2):
        add_responses(jember, uniform(3, 3 + grow * 10), on=date(2026, 10, 5 + grow))
        # session, user, supervisor scopes, institution, demo flag, session save (savepoint, update, release)
        with django_assert_num_queries(8):
            assert client.get(poster).status_code == 200


def test_assisted_entry_query_counts(client, staff_jember, jember, tuban, django_assert_num_queries):
    assisted = reverse("surveys:assisted", args=[jember.code])
    data = dict.fromkeys(ELEMENT_CODES, "2") | {"submitted_on": "2026-10-03", "service": "luar_panti"}
    client.force_login(staff_jember)
    client.get(assisted)
    for grow in range(2):
        # More answers already entered, and the user working at more institutions.
        add_responses(jember, uniform(3, 3 + grow * 10), on=date(2026, 10, 5))
        MembershipFactory(user=staff_jember, institution=InstitutionFactory(code=f"UPT-M{grow}"))
        # session, user, supervisor scopes, institution, memberships, demo flag, session save x3
        with django_assert_num_queries(9):
            client.get(assisted)
        # session, user, supervisor scopes, institution, memberships; the service: savepoint, the
        # actor's memberships (its own scope), insert, release; session save x3 (with the message)
        with django_assert_num_queries(12):
            assert client.post(assisted, data).status_code == 302
    assert SurveyResponse.objects.filter(channel=Channel.ASSISTED).count() == 2


def test_institution_export_query_count(client, staff_jember, jember, django_assert_num_queries):
    export = url("institution_export", jember.code)
    client.force_login(staff_jember)
    client.get(export)
    for grow in range(2):
        for month in (8, 9, 10):
            add_responses(jember, uniform(3, 2 + grow * 5), on=date(2026, month, 5), sex="L", age=30 + grow)
        # session, user, supervisor scopes, institution, index, population, trend, profile, session save x3
        with django_assert_num_queries(11):
            response = client.get(export)
    sheets = load_workbook(io.BytesIO(response.content)).sheetnames
    assert sheets == ["IKM", "Tren"]


def test_region_export_query_count(client, supervisor_jatim, jember, tuban, django_assert_num_queries):
    export = url("region_export", "35")
    client.force_login(supervisor_jatim)
    client.get(export)
    for grow in range(2):
        for n in range(3):
            institution = InstitutionFactory(code=f"UPT-E{grow}{n}", region_id="35.78")
            add_responses(institution, uniform(3, 2), on=date(2026, 10, 5), sex="P", age=40)
        # session, user, region, supervisor scopes, institutions, index, per institution, population,
        # trend, profile, session save x3
        with django_assert_num_queries(13):
            response = client.get(export)
    per_institution = load_workbook(io.BytesIO(response.content))["Per lembaga"]
    assert per_institution.max_row == 1 + 8  # header, Jember, Tuban and the six added


def test_plan_edit_query_counts(client, staff_jember, jember, weak_october, django_assert_num_queries):
    edit = reverse("surveys:plan_edit", args=[jember.code, "2026-10", "u3"])
    client.force_login(staff_jember)
    client.get(edit)
    for grow, element in enumerate(["u8", "u9"]):
        # More plans (this period and another) and more answers.
        FollowUpPlan.objects.create(institution=jember, period="2026-10", element=element, action="x")
        FollowUpPlan.objects.create(institution=jember, period="2026-09", element=element, action="x")
        add_responses(jember, [WEAK_ON_U3] * (2 + grow * 5), on=date(2026, 10, 6))
        # session, user, supervisor scopes, institution, memberships, plans of the period, demo flag,
        # session save x3
        with django_assert_num_queries(10):
            assert client.get(edit).status_code == 200
        # session, user, supervisor scopes, institution, memberships, plans of the period; the service:
        # savepoint, the actor's memberships (its own scope), index, population, plan lock, write,
        # release; session save x3 (with the message)
        with django_assert_num_queries(16):
            assert client.post(edit, {"action": f"Tambah loket {grow}"}).status_code == 302
    assert FollowUpPlan.objects.get(period="2026-10", element="u3").action == "Tambah loket 1"


def test_plan_review_query_count(client, supervisor_jatim, jember, tuban, django_assert_num_queries):
    client.force_login(supervisor_jatim)
    client.get(url("overview"))
    plans = [
        FollowUpPlan.objects.create(institution=institution, period="2026-10", element=element, action="x")
        for institution in (jember, tuban)
        for element in ("u3", "u8", "u9")
    ]
    for plan in plans[:2]:
        # session, user, supervisor scopes, plan with its institution and region; the service: savepoint,
        # plan lock, the actor's supervisor scopes (its own scope), write, release; session save x3
        with django_assert_num_queries(12):
            assert (
                client.post(reverse("surveys:plan_review", args=[plan.pk]), {"note": "ok"}).status_code == 302
            )
    assert FollowUpPlan.objects.filter(reviewed_by=supervisor_jatim).count() == 2
