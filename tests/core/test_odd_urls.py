"""Odd characters in URL codes answer 404 (no route), never a server error."""

import pytest

pytestmark = pytest.mark.django_db

ODD = ["%00", "A%00B", "x" * 300, "%20", "UPT%2FX", "%3Cscript%3E"]


@pytest.fixture
def anonymous(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("odd", ODD)
@pytest.mark.parametrize("pattern", ["/survey/{}/", "/s/{}/", "/survey/{}/thanks/"])
def test_public_urls_refuse_odd_codes_without_login(anonymous, pattern, odd):
    assert anonymous.get(pattern.format(odd)).status_code == 404


@pytest.mark.parametrize("odd", ODD)
@pytest.mark.parametrize(
    "pattern",
    [
        "/institutions/{}/",
        "/ikm/{}/",
        "/ikm/{}/export.xlsx",
        "/ikm/region/{}/",
        "/ikm/region/35{}/export.xlsx",
        "/ikm/UPT-JBR/plan/2026-Q3/{}/",
        "/ikm/UPT-JBR/plan/{}/U1/",
    ],
)
def test_signed_in_urls_refuse_odd_codes(client, supervisor_jatim, pattern, odd):
    client.raise_request_exception = False
    client.force_login(supervisor_jatim)
    assert client.get(pattern.format(odd)).status_code == 404


def test_a_twenty_digit_page_number_is_not_a_server_error(client, admin_user):
    client.raise_request_exception = False
    client.force_login(admin_user)
    for url in ["/residents/", "/institutions/", "/"]:
        response = client.get(url, {"page": "9" * 20})
        assert response.status_code == 200, url
