"""Security headers: a strict script policy everywhere, no caching of signed-in pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_every_page_has_a_script_policy_and_a_permissions_policy(client, jember):
    for response in (
        client.get(reverse("accounts:login")),
        client.get(reverse("surveys:respond", args=[jember.code])),
    ):
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in policy
        assert "camera=()" in response["Permissions-Policy"]


def test_signed_in_pages_are_never_stored(client, staff_jember):
    client.force_login(staff_jember)
    for name in ("home", "residents:list", "institutions:list"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], name


def test_pages_carry_no_inline_script(client, staff_jember):
    client.force_login(staff_jember)
    body = client.get(reverse("residents:list")).content.decode()
    assert "onchange=" not in body and "onclick=" not in body
    assert all('src="' in tag for tag in body.split("<script")[1:])


@pytest.fixture
def database_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
    }
    cache.clear()
    yield
    cache.clear()


def test_the_survey_limit_counts_in_the_database_shared_by_every_process(database_cache, client, jember):
    from apps.surveys.ikm import ELEMENT_CODES
    from apps.surveys.models import SurveyResponse

    answers = dict.fromkeys(ELEMENT_CODES, "3") | {
        "sex": "P",
        "age": "34",
        "education": "sma",
        "occupation": "wirausaha",
        "service": "luar_panti",
    }
    url = reverse("surveys:respond", args=[jember.code])
    statuses = [client.post(url, answers).status_code for _ in range(11)]
    assert statuses == [302] * 10 + [429]
    assert SurveyResponse.objects.count() == 10
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_cache")
        assert cursor.fetchone()[0] >= 1


def test_check_deploy_warns_about_a_per_process_cache():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x7#kq!2m@9vP$wL4zR8&nT1yB6^cF3hJ0sD5gA%eU*iO-pX+qW",
        "DJANGO_ALLOWED_HOSTS": "panti.example.go.id",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        "CACHE_URL": "locmemcache://",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "core.W001" in result.stdout + result.stderr
