"""The residents list keeps its search and page across going back, with no search text in any URL;
a supervisor's list gets its count after the page."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from apps.core import search_state
from tests.factories import InstitutionFactory
from tests.residents.views.conftest import ids_in, make_resident

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["s"][0]


@pytest.fixture
def thirty(jember, staff_jember):
    """30 PM named "Warga Panti NN" at Jember (two pages) and one other PM."""
    jember.capacity = 100
    jember.save(update_fields=["capacity"])
    for n in range(30):
        make_resident(jember, staff_jember, name=f"Warga Panti {n:02}", admit_days_ago=None)
    return make_resident(
        jember,
        staff_jember,
        name="Siti Aminah",
        nik="3509014101500001",
        sex="P",
        birth_date=date(1950, 1, 1),
        admit_days_ago=None,
    )


def test_a_posted_search_redirects_to_a_token_and_the_token_shows_it_again(client, staff_jember, thirty):
    client.force_login(staff_jember)
    response = client.post(reverse("residents:list"), {"q": "warga panti", "page": "2"})
    assert response.status_code == 302
    location = response["Location"]
    assert "warga" not in location.lower() and "q=" not in location
    assert parse_qs(urlsplit(location).query)["page"] == ["2"]
    # Going back to (or reloading) that address: the same search, the same page, no resubmission.
    again = client.get(location)
    assert again.context["page"].number == 2 and len(ids_in(again)) == 5
    assert 'value="warga panti"' in again.content.decode()
    first = client.get(reverse("residents:list"), {"s": token_of(location)})
    assert len(ids_in(first)) == 25 and thirty.pk not in ids_in(first)


def test_a_nik_search_never_reaches_a_url_or_a_link(client, staff_jember, thirty):
    client.force_login(staff_jember)
    response = client.post(reverse("residents:list"), {"q": "3509014101500001"}, follow=True)
    assert ids_in(response) == [thirty.pk]
    ((location, _status),) = response.redirect_chain
    assert "3509014101500001" not in location
    body = response.content.decode()
    for url in body.split('href="')[1:] + body.split('hx-get="')[1:]:
        assert "3509014101500001" not in url.split('"')[0]


def test_the_same_search_gets_the_same_token_and_the_session_keeps_a_few(client, staff_jember, thirty):
    client.force_login(staff_jember)
    url = reverse("residents:list")
    first = client.post(url, {"q": "warga"})["Location"]
    assert token_of(client.post(url, {"q": "warga"})["Location"]) == token_of(first)
    for n in range(search_state.KEEP + 5):
        client.post(url, {"q": f"cari {n}"})
    assert len(client.session[search_state.SESSION_KEY]["residents:list"]) == search_state.KEEP


def test_a_token_is_worth_nothing_in_another_session_or_when_unknown(client, staff_jember, thirty):
    client.force_login(staff_jember)
    location = client.post(reverse("residents:list"), {"q": "aminah"})["Location"]
    assert ids_in(client.get(location)) == [thirty.pk]
    client.logout()
    client.force_login(staff_jember)  # a new session
    response = client.get(location)
    assert response.status_code == 200 and len(ids_in(response)) == 25  # the plain list
    assert "aminah" not in response.content.decode().lower().replace("siti aminah", "")
    assert len(ids_in(client.get(reverse("residents:list"), {"s": "x" * 500}))) == 25


def test_search_text_next_to_a_token_is_ignored(client, staff_jember, thirty):
    client.force_login(staff_jember)
    location = client.post(reverse("residents:list"), {"q": "aminah"})["Location"]
    assert ids_in(client.get(location + "&q=warga")) == [thirty.pk]


def test_htmx_search_replaces_the_address_with_the_token_and_pages_by_get(client, staff_jember, thirty):
    client.force_login(staff_jember)
    response = client.post(reverse("residents:list"), {"q": "warga panti"}, headers=HTMX)
    assert [t.name for t in response.templates][0] == "residents/partials/_rows.html"
    replaced = response["HX-Replace-Url"]
    assert "warga" not in replaced and token_of(replaced)
    body = response.content.decode()
    next_url = f"{reverse('residents:list')}?s={token_of(replaced)}&amp;page=2"
    assert f'hx-get="{next_url}"' in body and 'hx-push-url="true"' in body
    assert "warga" not in "".join(part.split('"')[0] for part in body.split('hx-get="')[1:]).lower()
    # The page link, followed by htmx: the rows of page 2 of the same search.
    page_two = client.get(next_url.replace("&amp;", "&"), headers=HTMX)
    assert page_two.context["page"].number == 2 and len(ids_in(page_two)) == 5
    # Back in history (htmx keeps no copy: it reloads the address), the whole page.
    restored = client.get(
        next_url.replace("&amp;", "&"), headers={**HTMX, "HX-History-Restore-Request": "true"}
    )
    assert [t.name for t in restored.templates][0] == "residents/list.html"


def test_the_list_keeps_no_copy_in_the_browser_history_cache(client, staff_jember):
    client.force_login(staff_jember)
    body = client.get(reverse("residents:list")).content.decode()
    assert '"historyCacheSize": 0' in body


def test_filters_from_a_link_page_on_in_the_query_string(client, staff_jember, jember, thirty):
    client.force_login(staff_jember)
    response = client.get(reverse("residents:list"), {"institution": jember.code, "sex": "L"})
    assert f'href="{reverse("residents:list")}?institution={jember.code}&amp;sex=L&amp;page=2"' in (
        response.content.decode()
    )


def test_a_restored_list_costs_the_same_queries_as_a_plain_one(
    client, staff_jember, thirty, django_assert_num_queries
):
    client.force_login(staff_jember)
    location = client.post(reverse("residents:list"), {"q": "warga", "page": "2"})["Location"]
    client.get(location)
    # as the plain list (test_listing.py), the session read being the one that holds the token
    with django_assert_num_queries(15):
        response = client.get(location)
    assert len(ids_in(response)) == 5


# --- the count of a supervisor's list ----------------------------------------------------------


@pytest.fixture
def wide(jember):
    """Enough institutions in Jawa Timur that a supervisor's list is not counted as it renders."""
    from apps.residents.models import VISIBILITY_INDEX_LIMIT

    for n in range(VISIBILITY_INDEX_LIMIT):
        InstitutionFactory(code=f"UPT-WIDE-{n:02}", region_id="35.78")


def test_a_supervisor_list_loads_its_count_after_the_page(client, supervisor_jatim, wide, thirty):
    client.force_login(supervisor_jatim)
    location = client.post(reverse("residents:list"), {"q": "warga"})["Location"]
    body = client.get(location).content.decode()
    count_url = f"{reverse('residents:count')}?s={token_of(location)}"
    assert f'hx-get="{count_url}" hx-trigger="load"' in body
    counted = client.get(count_url, headers=HTMX)
    assert counted.context["total"] == 30
    assert "dari 30" in counted.content.decode()
    assert client.get(reverse("residents:count"), headers=HTMX).context["total"] == 31


def test_a_staff_list_is_counted_as_it_renders(client, staff_jember, thirty):
    client.force_login(staff_jember)
    body = client.get(reverse("residents:list")).content.decode()
    assert "31 penerima manfaat" in body and reverse("residents:count") not in body


def test_the_count_counts_only_what_the_user_may_see(client, staff_tuban, tuban_resident, thirty):
    client.force_login(staff_tuban)
    assert client.get(reverse("residents:count")).context["total"] == 1
    # Another institution's filter is refused, not applied: still only Tuban's.
    from apps.institutions.models import Institution

    jember_code = Institution.objects.get(code="UPT-JBR").code
    assert client.get(reverse("residents:count"), {"institution": jember_code}).context["total"] == 1


def test_the_count_costs_the_same_queries_whatever_it_counts(
    client, supervisor_jatim, wide, jember, staff_jember, thirty, django_assert_num_queries
):
    client.force_login(supervisor_jatim)
    url = reverse("residents:count")
    client.get(url)
    # session, user, scopes, visible institution ids, savepoint, timeout, count, release,
    # the session refresh (3)
    with django_assert_num_queries(11):
        client.get(url, {"sex": "L"})
    make_resident(jember, staff_jember, name="Satu Lagi", admit_days_ago=None)
    with django_assert_num_queries(11):
        assert client.get(url, {"sex": "L"}).context["total"] == 31


def test_a_count_that_takes_too_long_is_left_out(client, supervisor_jatim, wide, thirty, monkeypatch):
    from apps.residents.views import listing

    monkeypatch.setattr(listing, "count_within", lambda rows, timeout_ms: None)
    client.force_login(supervisor_jatim)
    response = client.get(reverse("residents:count"))
    assert response.status_code == 200 and response.content.strip() == b""


def test_count_within_gives_up_at_its_timeout():
    from apps.core.pagination import count_within
    from apps.regions.models import Region

    slow = Region.objects.extra(where=["pg_sleep(0.2) IS NOT NULL"])
    assert count_within(Region.objects.filter(code="35"), timeout_ms=1000) == 1
    assert count_within(slow, timeout_ms=50) is None


def test_a_form_posted_without_filters_goes_to_the_plain_list(client, staff_jember):
    client.force_login(staff_jember)
    response = client.post(reverse("residents:list"), {"q": "", "sex": "", "page": "x" * 50})
    assert response["Location"] == reverse("residents:list")
