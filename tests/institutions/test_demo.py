import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from apps.core.models import SiteFlag
from apps.institutions.models import Institution, Membership
from apps.institutions.scope import UserScope

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_creates_the_demo_users():
    call_command("seed_demo")

    def counts():
        return Institution.objects.count(), Membership.objects.count(), get_user_model().objects.count()

    before = counts()
    call_command("seed_demo")
    assert counts() == before
    jatim = Institution.objects.filter(region__code__startswith="35.", kind="UPT").count()
    assert 25 <= jatim <= 35
    assert Institution.objects.filter(kind="LKS").exists()
    assert Institution.objects.filter(region__code__startswith="33.").exists()
    names = ["admin", "pengawas", "petugas", "petugas2"]
    users = get_user_model().objects.in_bulk(names, field_name="username")
    assert users["admin"].is_superuser
    assert UserScope.of(users["pengawas"]).region_codes == ("35",)
    assert users["petugas"].check_password("demo12345")
    petugas_at = Membership.objects.get(user=users["petugas"]).institution
    petugas2_at = Membership.objects.get(user=users["petugas2"]).institution
    assert petugas_at != petugas2_at
    assert petugas_at.region_id.startswith("35.") and petugas2_at.region_id.startswith("35.")
    assert SiteFlag.objects.filter(key=SiteFlag.DEMO_DATA).exists()


def test_demo_marker_shows_only_when_demo_data_is_loaded(client, staff_jember):
    client.force_login(staff_jember)
    assert b'data-testid="demo-marker"' not in client.get("/").content
    SiteFlag.objects.create(key=SiteFlag.DEMO_DATA, value="1")
    assert b'data-testid="demo-marker"' in client.get("/").content
