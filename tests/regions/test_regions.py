import pytest
from django.db import connection
from django.db.models import Count

from apps.regions.loading import load_regions
from apps.regions.models import Region

pytestmark = pytest.mark.django_db


def test_migrate_loads_every_kemendagri_region():
    counts = dict(Region.objects.values_list("level").annotate(n=Count("code")))
    assert counts == {1: 38, 2: 514, 3: 7285, 4: 83762}


def test_new_provinces_are_present():
    names = dict(Region.objects.filter(level=1).values_list("code", "name"))
    assert {"65", "91", "92", "93", "94", "95", "96"} <= set(names)
    assert names["35"] == "Jawa Timur"


def test_subtree_contains_the_region_and_its_descendants_only():
    codes = set(Region.objects.subtree("35.78").values_list("code", flat=True))
    assert "35.78" in codes
    assert all(c == "35.78" or c.startswith("35.78.") for c in codes)
    assert len(codes) == 1 + 31 + Region.objects.filter(code__startswith="35.78.", level=4).count()


def test_loading_again_changes_nothing():
    before = Region.objects.count()
    load_regions(connection)
    assert Region.objects.count() == before


def test_prefix_query_uses_the_index():
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT code FROM regions_region WHERE code LIKE '35.78.%%'")
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "region_code_prefix_idx" in plan
