"""Who the residents are (PPKS, sex, age band, kind, operator) on a day: the breakdown read
from the placement profiles and the census table equals a count from the placements and
residents themselves (the age band by the residents list's filter, so each figure links to
the same people), after random writes to both, whichever way the placements are found."""

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from apps.core.dates import add_years
from apps.institutions.models import Institution, WelfareCategory
from apps.reports import breakdowns
from apps.residents.filters import AgeBand, age_band_q
from apps.residents.models import Placement, Resident
from tests.factories import InstitutionFactory
from tests.residents.conftest import ResidentFactory, admit
from tests.residents.test_census_table import random_operations
from tests.residents.test_placement_profile import edit_residents

pytestmark = pytest.mark.django_db


def expected(institutions, on: date) -> dict[str, dict[str, int]]:
    present = Placement.objects.filter(institution__in=institutions, period__contains=on).select_related(
        "resident", "institution"
    )
    counts = {name: Counter() for name in breakdowns.DIMENSIONS}
    for placement in present:
        resident, institution = placement.resident, placement.institution
        counts["category"][str(resident.welfare_category_id)] += 1
        counts["sex"][resident.sex] += 1
        counts["kind"][institution.kind] += 1
        counts["operator"][institution.operator] += 1
        bands = [
            band
            for band in AgeBand.BOUNDS
            if Resident.objects.filter(age_band_q(band, on), pk=resident.pk).exists()
        ]
        counts["age"][bands[0] if bands else breakdowns.UNKNOWN] += 1
    return {name: dict(counter) for name, counter in counts.items()}


def computed(institutions, on: date) -> dict[str, dict[str, int]]:
    result = breakdowns.breakdown_on(Institution.objects.filter(pk__in=[i.pk for i in institutions]), on)
    return {name: {share.value: share.residents for share in shares} for name, shares in result.items()}


@pytest.fixture(params=["per institution", "one pass"])
def branch(request, monkeypatch):
    """Run each test through both ways of finding the present placements."""
    if request.param == "one pass":
        monkeypatch.setattr(breakdowns, "INDEX_LIMIT", 0)
    return request.param


def test_the_age_band_is_the_age_on_the_day_to_the_day(branch, jember):
    on = date(2025, 3, 15)
    births = [
        add_years(on, -6),  # 6 today: 6-17
        add_years(on, -6) + timedelta(days=1),  # 6 tomorrow: 0-5
        add_years(on, -18),
        add_years(on, -18) + timedelta(days=1),
        add_years(on, -60),
        add_years(on, -60) + timedelta(days=1),
        date(1964, 2, 29),
        None,
    ]
    for birth in births:
        admit(ResidentFactory(registered_at=jember, birth_date=birth), jember, on=date(2025, 1, 1))
    admit(ResidentFactory(registered_at=jember), jember, on=date(2025, 1, 1), end=on)  # left that day
    admit(ResidentFactory(registered_at=jember), jember, on=on + timedelta(days=1))  # not yet there
    got = computed([jember], on)
    assert got["age"] == {"0-5": 1, "6-17": 2, "18-59": 2, "60+": 2, "": 1}
    assert got == expected([jember], on)
    for day in (date(2025, 2, 28), date(2025, 3, 1), date(2024, 12, 31)):
        assert computed([jember], day) == expected([jember], day)


def test_random_writes_leave_the_breakdown_equal_to_the_placements_and_residents(
    branch, jember, tuban, semarang
):
    lks = InstitutionFactory(
        code="LKS-X", kind=Institution.Kind.LKS, operator=Institution.Operator.COMMUNITY, region_id="35.09"
    )
    institutions = [jember, tuban, semarang, lks]
    rng = random.Random(5)
    categories = list(WelfareCategory.objects.order_by("id")[:6])
    people = [
        ResidentFactory(
            registered_at=jember,
            sex=rng.choice("LP"),
            welfare_category=rng.choice(categories),
            birth_date=rng.choice([None, date(1940, 1, 1) + timedelta(days=rng.randint(0, 30000))]),
        )
        for _ in range(20)
    ]
    seen = 0
    for _ in range(6):
        random_operations(rng, institutions, steps=25, check=lambda: None, people=people)
        for _ in range(4):
            edit_residents(rng, people, categories)
        # Days on and around the starts and ends, where off-by-one mistakes would show.
        bounds = [d for p in Placement.objects.order_by("id") for d in (p.start, p.end) if d] or [
            date(2024, 6, 1)
        ]
        for day in (rng.choice(bounds) + timedelta(days=rng.choice([-1, 0, 0, 1, 7])) for _ in range(6)):
            for scope in (institutions, [jember], [tuban, lks]):
                want = expected(scope, day)
                assert computed(scope, day) == want
                seen += sum(want["sex"].values())
    assert seen > 20
