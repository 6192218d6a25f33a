"""The placement profiles (residents_placementprofile: each placement with its resident's
PPKS category, sex and birth date, read by the occupancy breakdown) equal the placements
and residents after every kind of write, in the same transaction; rebuild_census rewrites
them."""

import random
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.backends.postgresql.psycopg_any import DateRange

from apps.institutions.models import WelfareCategory
from apps.residents.models import PlacementProfile, Resident
from apps.residents.models.census import PROFILE_COLUMNS, PROFILE_EXPECTED_SQL, profile_differences

from .conftest import ResidentFactory, admit
from .test_census_table import assert_table_matches_placements, random_operations

pytestmark = pytest.mark.django_db


def profile_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {PROFILE_COLUMNS} FROM residents_placementprofile ORDER BY 1")  # noqa: S608
        return cursor.fetchall()


def expected_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({PROFILE_EXPECTED_SQL}) AS e ORDER BY 1")  # noqa: S608
        return cursor.fetchall()


def assert_profiles_match() -> None:
    assert profile_rows() == expected_rows()
    assert profile_differences() == (0, 0)


def assert_both_match() -> None:
    assert_table_matches_placements()
    assert_profiles_match()


def edit_residents(rng: random.Random, people: list[Resident], categories: list[WelfareCategory]) -> None:
    """A resident's category, sex or birth date edited, alone or several in one statement."""
    with transaction.atomic():
        if rng.random() < 0.3:
            ids = [p.pk for p in rng.sample(people, 4)]
            Resident.objects.filter(pk__in=ids).update(welfare_category=rng.choice(categories))
            return
        person = Resident.objects.get(pk=rng.choice(people).pk)
        field = rng.choice(["category", "sex", "birth_date", "name"])
        if field == "category":
            person.welfare_category = rng.choice(categories)
        elif field == "sex":
            person.sex = "P" if person.sex == "L" else "L"
        elif field == "birth_date":
            person.birth_date = rng.choice([None, date(1940, 1, 1) + timedelta(days=rng.randint(0, 30000))])
        else:  # a field the profile does not copy
            person.full_name = f"Nama {rng.randint(1, 999)}"
        person.save()


def test_random_writes_to_placements_and_residents_keep_the_profiles_equal(jember, tuban, semarang):
    rng = random.Random(5)
    categories = list(WelfareCategory.objects.order_by("id")[:5])
    people = [ResidentFactory(registered_at=jember) for _ in range(20)]
    for _ in range(6):
        random_operations(rng, [jember, tuban, semarang], steps=25, check=assert_both_match, people=people)
        for _ in range(4):
            edit_residents(rng, people, categories)
            assert_profiles_match()
    assert PlacementProfile.objects.count() > 5


def test_an_edit_of_the_birth_date_changes_the_profile_in_the_same_transaction(jember):
    person = ResidentFactory(registered_at=jember)
    placement = admit(person, jember, on=date(2025, 1, 10))
    with transaction.atomic():
        person.birth_date = date(2020, 5, 1)
        person.save()
        assert PlacementProfile.objects.get(placement=placement).birth_date == date(2020, 5, 1)


def test_a_placement_moved_to_another_resident_takes_that_residents_profile(jember):
    old, new = ResidentFactory(registered_at=jember), ResidentFactory(registered_at=jember, sex="P")
    placement = admit(old, jember, on=date(2025, 1, 10))
    placement.resident = new
    placement.save()
    assert PlacementProfile.objects.get(placement=placement).sex == "P"
    placement.period = DateRange(date(2025, 1, 5), None)
    placement.save()
    assert PlacementProfile.objects.get(placement=placement).period.lower == date(2025, 1, 5)
    placement.delete()
    assert not PlacementProfile.objects.exists()


def test_rebuild_census_rewrites_damaged_profiles(jember, tuban):
    for n in range(5):
        admit(ResidentFactory(registered_at=jember), jember if n % 2 else tuban, on=date(2025, 1, 1 + n))
    PlacementProfile.objects.filter(institution=jember).delete()
    PlacementProfile.objects.filter(institution=tuban).update(sex="P")
    assert profile_differences() == (5, 3)
    with pytest.raises(CommandError, match="Profil penempatan berbeda"):
        call_command("rebuild_census", "--check")
    call_command("rebuild_census")
    assert_both_match()
    call_command("rebuild_census", "--check")
