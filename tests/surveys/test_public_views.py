from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.surveys.ikm import ELEMENT_CODES
from apps.surveys.models import Channel, SurveyResponse

from .conftest import add_responses, uniform

pytestmark = pytest.mark.django_db


def answers(**overrides):
    data = dict.fromkeys(ELEMENT_CODES, "3")
    data.update(
        {"sex": "P", "age": "34", "education": "sma", "occupation": "wirausaha", "service": "luar_panti"}
    )
    data.update(overrides)
    return data


@pytest.fixture
def real_cache(settings):
    """django-ratelimit needs a cache that counts; the test settings use DummyCache."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "surveys-ratelimit"}}  # fmt: skip
    cache.clear()
    yield
    cache.clear()


def test_public_form_needs_no_login_and_sets_the_csrf_cookie(client, jember):
    response = client.get(reverse("surveys:respond", args=[jember.code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert jember.name in body
    assert "kesesuaian persyaratan pelayanan" in body
    assert "Dikelola dengan baik" in body
    assert "csrftoken" in response.cookies


def test_public_form_shows_no_personal_data_of_residents(client, jember):
    from apps.institutions.models import WelfareCategory
    from apps.residents.models import Resident

    Resident.objects.create(
        registration_no="REG-1", registered_at=jember, full_name="Suparmi Rahayuningsih", sex="P",
        nik="3509014107500001", welfare_category=WelfareCategory.objects.get(code="LUT"),
    )  # fmt: skip
    body = client.get(reverse("surveys:respond", args=[jember.code])).content.decode()
    assert "Suparmi" not in body and "3509014107500001" not in body and "REG-1" not in body


def test_public_form_of_an_unknown_or_inactive_institution_is_404(client, jember):
    assert client.get(reverse("surveys:respond", args=["NOPE"])).status_code == 404
    jember.is_active = False
    jember.save(update_fields=["is_active"])
    assert client.get(reverse("surveys:respond", args=[jember.code])).status_code == 404


def test_lowercase_code_and_short_link_reach_the_form(client, jember):
    assert client.get(reverse("surveys:respond", args=["upt-jbr"])).status_code == 200
    response = client.get(reverse("surveys:short", args=["upt-jbr"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:respond", args=["UPT-JBR"])


def test_valid_answers_are_stored_and_thanked(client, jember):
    response = client.post(
        reverse("surveys:respond", args=[jember.code]), answers(u4="4", suggestion="Bagus")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", args=[jember.code])
    stored = SurveyResponse.objects.get()
    assert (stored.institution, stored.channel, stored.entered_by) == (jember, Channel.ONLINE, None)
    assert (stored.u4, stored.u1, stored.sex, stored.age, stored.service) == (4, 3, "P", 34, "luar_panti")
    assert stored.submitted_on == timezone.localdate()
    assert stored.suggestion == "Bagus"
    assert client.get(response["Location"]).status_code == 200


def test_missing_or_out_of_range_answers_are_shown_again_and_nothing_is_stored(client, jember):
    data = answers(u2="5")
    del data["u7"]
    response = client.post(reverse("surveys:respond", args=[jember.code]), data)
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"u2", "u7"}
    assert "Beberapa pertanyaan belum dijawab" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_profile_age_outside_10_to_120_is_refused(client, jember):
    response = client.post(reverse("surveys:respond", args=[jember.code]), answers(age="7"))
    assert response.status_code == 200
    assert "age" in response.context["form"].errors
    assert not SurveyResponse.objects.exists()


def test_honeypot_drops_the_answer_but_thanks_the_sender(client, jember):
    response = client.post(
        reverse("surveys:respond", args=[jember.code]), answers(website="http://spam.example")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", args=[jember.code])
    assert not SurveyResponse.objects.exists()


def test_post_without_csrf_token_is_refused(jember):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("surveys:respond", args=[jember.code]), answers())
    assert response.status_code == 403
    assert not SurveyResponse.objects.exists()


def test_eleventh_post_within_an_hour_gets_a_friendly_429(real_cache, client, jember, tuban):
    url = reverse("surveys:respond", args=[jember.code])
    for _ in range(10):
        assert client.post(url, answers()).status_code == 302
    response = client.post(url, answers())
    assert response.status_code == 429
    assert "terlalu banyak" in response.content.decode()
    assert SurveyResponse.objects.count() == 10
    # The limit is per institution and per address: another form and another address still work.
    assert client.post(reverse("surveys:respond", args=[tuban.code]), answers()).status_code == 302
    assert client.post(url, answers(), REMOTE_ADDR="10.1.2.3").status_code == 302
    # Reading the form is never limited.
    assert client.get(url).status_code == 200


def test_rate_limit_is_a_setting(real_cache, settings, client, jember):
    settings.SURVEY_RATE_LIMIT = "1/h"
    url = reverse("surveys:respond", args=[jember.code])
    assert client.post(url, answers()).status_code == 302
    assert client.post(url, answers()).status_code == 429


def test_public_form_query_counts(client, jember, django_assert_num_queries):
    SurveyResponse.objects.bulk_create(
        SurveyResponse(institution=jember, submitted_on=date(2026, 10, 1), channel="online",
                       **dict.fromkeys(ELEMENT_CODES, 3))
        for _ in range(5)
    )  # fmt: skip
    url = reverse("surveys:respond", args=[jember.code])
    with django_assert_num_queries(2):  # institution, demo flag
        client.get(url)
    with django_assert_num_queries(4):  # institution, savepoint, insert, release
        client.post(url, answers())


def test_behind_a_proxy_the_limit_counts_the_address_the_proxy_names(real_cache, settings, client, jember):
    settings.SURVEY_RATE_LIMIT = "1/h"
    settings.CLIENT_ADDRESS_META_KEY = "HTTP_X_REAL_IP"
    url = reverse("surveys:respond", args=[jember.code])
    assert client.post(url, answers(), headers={"x-real-ip": "203.0.113.5"}).status_code == 302
    assert client.post(url, answers(), headers={"x-real-ip": "203.0.113.5"}).status_code == 429
    assert client.post(url, answers(), headers={"x-real-ip": "203.0.113.6"}).status_code == 302


def test_thanks_page_and_short_link_query_counts(client, jember, tuban, django_assert_num_queries):
    thanks = reverse("surveys:thanks", args=[jember.code])
    short = reverse("surveys:short", args=[jember.code.lower()])
    for grow in range(2):
        for institution in (jember, tuban):
            add_responses(institution, uniform(3, 2 + grow * 10), on=date(2026, 10, 1))
        with django_assert_num_queries(2):  # institution, demo flag
            assert client.get(thanks).status_code == 200
        with django_assert_num_queries(1):  # institution
            assert client.get(short).status_code == 302


def test_a_refused_post_keeps_the_respondents_answers_on_the_page(real_cache, settings, client, jember):
    settings.SURVEY_RATE_LIMIT = "1/h"
    url = reverse("surveys:respond", args=[jember.code])
    assert client.post(url, answers()).status_code == 302
    response = client.post(url, answers(suggestion="Ruang tunggu lebih sejuk"))
    assert response.status_code == 429
    body = response.content.decode()
    assert 'data-testid="rate-limited"' in body
    assert "Ruang tunggu lebih sejuk" in body
    assert all(response.context["form"].data[code] == "3" for code in ELEMENT_CODES)
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize(
    ("forwarded", "proxies", "counted"),
    [
        ("198.51.100.7", 1, "198.51.100.7"),
        ("203.0.113.66, 198.51.100.7", 1, "198.51.100.7"),  # the client's own claim is ignored
        ("203.0.113.66, 198.51.100.7, 10.0.0.2", 2, "198.51.100.7"),
        ("not-an-address", 1, "127.0.0.1"),
        ("", 1, "127.0.0.1"),
    ],
)
def test_a_forwarded_list_is_read_from_the_trusted_end(settings, rf, forwarded, proxies, counted):
    from apps.core.http import client_address

    settings.CLIENT_ADDRESS_META_KEY = "HTTP_X_FORWARDED_FOR"
    settings.PROXY_COUNT = proxies
    request = rf.post("/", headers={"x-forwarded-for": forwarded}, REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == counted


def test_a_forwarded_list_never_makes_the_survey_fail(real_cache, settings, client, jember):
    settings.CLIENT_ADDRESS_META_KEY = "HTTP_X_FORWARDED_FOR"
    url = reverse("surveys:respond", args=[jember.code])
    response = client.post(url, answers(), headers={"x-forwarded-for": "203.0.113.66, 198.51.100.7"})
    assert response.status_code == 302
