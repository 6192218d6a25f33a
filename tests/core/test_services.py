"""``model_update``: only what really changes is written, stamped with the actor."""

import pytest

from apps.core.services import assign_changes, model_update
from apps.institutions.models import Institution
from apps.regions.models import Region
from tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_only_changed_fields_are_saved_with_the_actor(django_assert_num_queries):
    institution = InstitutionFactory(capacity=10, name="UPT Lama")
    actor = UserFactory()
    with django_assert_num_queries(1):
        _same, changed = model_update(
            instance=institution,
            fields=["name", "capacity"],
            data={"name": "UPT Baru", "capacity": 10, "phone": "ignored: not in fields"},
            actor=actor,
        )
    assert changed == ["name"]
    stored = Institution.objects.get(pk=institution.pk)
    assert (stored.name, stored.capacity, stored.updated_by) == ("UPT Baru", 10, actor)
    assert stored.phone != "ignored: not in fields"


def test_nothing_changed_writes_nothing(django_assert_num_queries):
    institution = InstitutionFactory(capacity=10)
    actor = UserFactory()
    with django_assert_num_queries(0):
        _same, changed = model_update(
            instance=institution, fields=["capacity"], data={"capacity": 10}, actor=actor
        )
    assert changed == []


def test_a_foreign_key_is_compared_by_id_by_name_or_attname(django_assert_num_queries):
    institution = InstitutionFactory(region_id="35.09")
    other = Region.objects.get(code="35.23")
    with django_assert_num_queries(0):
        assert assign_changes(institution, fields=["region"], data={"region": "35.09"}) == []
        assert assign_changes(institution, fields=["region_id"], data={"region_id": "35.09"}) == []
    assert assign_changes(institution, fields=["region"], data={"region": other}) == ["region"]
    assert institution.region_id == "35.23"
    assert assign_changes(institution, fields=["region_id"], data={"region_id": "35.09"}) == ["region"]


def test_a_check_may_refuse_before_anything_is_written():
    institution = InstitutionFactory(capacity=10)

    def refuse(instance, changed):
        assert changed == ["capacity"] and instance.capacity == 0
        raise ValueError("no")

    with pytest.raises(ValueError):
        model_update(
            instance=institution, fields=["capacity"], data={"capacity": 0}, actor=None, check=refuse
        )
    assert Institution.objects.get(pk=institution.pk).capacity == 10
