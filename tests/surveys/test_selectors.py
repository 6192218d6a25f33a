from datetime import date
from decimal import Decimal

import pytest
from psycopg.types.range import DateRange

from apps.institutions.scope import UserScope
from apps.regions.models import Region
from apps.surveys import selectors
from apps.surveys.ikm import Period
from apps.surveys.models import SurveyResponse
from tests.factories import InstitutionFactory

from .conftest import add_responses, uniform

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("weight", "expected"),
    [("1/9", Decimal("91.48")), ("0.111", Decimal("91.38")), ("0.11", Decimal("90.56"))],
)
def test_institution_index_of_the_worked_example_with_each_weight(settings, worked_example, weight, expected):
    settings.IKM_WEIGHT = weight
    report = selectors.institution_report(institution=worked_example, period=Period.parse("2026-10"))
    assert report.result.ikm == expected
    assert report.result.grade.letter == "A"
    assert report.respondents == 29
    assert report.result.totals["u4"] == 116


def test_index_is_one_query(worked_example, django_assert_num_queries):
    with django_assert_num_queries(1):
        result = selectors.aggregate(SurveyResponse.objects.filter(institution=worked_example))
    assert result.ikm == Decimal("91.48")


def test_responses_outside_the_period_do_not_count(jember):
    add_responses(jember, uniform(4, 3), on=date(2026, 10, 31))
    add_responses(jember, uniform(1, 5), on=date(2026, 11, 1))
    add_responses(jember, uniform(1, 5), on=date(2026, 9, 30))
    report = selectors.institution_report(institution=jember, period=Period.parse("2026-10"))
    assert report.respondents == 3
    assert report.result.ikm == Decimal("100.00")
    quarter = selectors.institution_report(institution=jember, period=Period.parse("2026-Q4"))
    assert quarter.respondents == 8
    assert selectors.institution_report(institution=jember, period=Period.parse("2026")).respondents == 13


def test_an_empty_period_has_no_index_and_does_not_crash(jember):
    report = selectors.institution_report(institution=jember, period=Period.parse("2026-10"))
    assert report.result is None
    assert report.respondents == 0
    assert report.profile == {}
    assert all(result is None for _, result in report.trend)
    assert report.sample.minimum == 3  # capacity 3: everyone


def test_sample_uses_capacity_without_placements(jember, tuban):
    add_responses(jember, uniform(3, 2), on=date(2026, 10, 5))
    report = selectors.institution_report(institution=jember, period=Period.parse("2026-10"))
    assert (report.sample.population, report.sample.source, report.sample.minimum) == (3, "capacity", 3)
    assert not report.sample.is_enough


def test_sample_uses_residents_placed_during_the_period_when_there_are_any(jember):
    from apps.institutions.models import WelfareCategory
    from apps.residents.models import Case, Placement, Resident

    category = WelfareCategory.objects.get(code="LUT")
    for n in range(12):
        resident = Resident.objects.create(
            registration_no=f"REG-{n}", registered_at=jember, full_name=f"Uji {n}", sex="L",
            welfare_category=category,
        )  # fmt: skip
        case = Case.objects.create(
            resident=resident, institution=jember, opened_on=date(2026, 9, 1), referral_source="keluarga"
        )
        # One left before October: not served in October.
        end = date(2026, 9, 20) if n == 0 else None
        Placement.objects.create(
            resident=resident,
            case=case,
            institution=jember,
            period=DateRange(date(2026, 9, 1), end, "[)"),
            end_reason="discharge" if end else "",
        )
    add_responses(jember, uniform(3, 10), on=date(2026, 10, 5))
    report = selectors.institution_report(institution=jember, period=Period.parse("2026-10"))
    assert (report.sample.population, report.sample.source) == (11, "residents")
    assert report.sample.minimum == 14  # Krejcie-Morgan: 11 falls in the row of 15
    assert not report.sample.is_enough


def test_region_pools_every_response_and_also_gives_the_mean_of_institutions(jember, tuban, semarang):
    on = date(2026, 10, 5)
    add_responses(jember, uniform(4, 1), on=on)  # IKM 100 from one respondent
    add_responses(tuban, uniform(2, 3), on=on)  # IKM 50 from three respondents
    add_responses(semarang, uniform(1, 10), on=on)  # outside Jawa Timur
    report = selectors.region_report(region=Region.objects.get(code="35"), period=Period.parse("2026-10"))
    assert report.respondents == 4
    assert report.result.ikm == Decimal("62.50")  # pooled: (4 + 2 x 3) / 4 = 2.5 per element
    assert report.mean_of_institutions == Decimal("75.00")  # plain mean of 100 and 50
    assert {i.code: (r.ikm if r else None) for i, r in report.institutions} == {
        "UPT-JBR": Decimal("100.00"),
        "UPT-TBN": Decimal("50.00"),
    }
    assert report.sample.population == 8  # capacities 3 + 5


def test_region_report_for_a_regency_only_counts_its_institutions(jember, tuban):
    add_responses(jember, uniform(4, 2), on=date(2026, 10, 5))
    add_responses(tuban, uniform(1, 2), on=date(2026, 10, 5))
    report = selectors.region_report(region=Region.objects.get(code="35.09"), period=Period.parse("2026-10"))
    assert report.respondents == 2
    assert report.result.ikm == Decimal("100.00")


def test_region_without_respondents_has_no_index(jember):
    report = selectors.region_report(region=Region.objects.get(code="35"), period=Period.parse("2026-10"))
    assert report.result is None
    assert report.mean_of_institutions is None


def test_trend_gives_every_period_in_one_query(jember, django_assert_num_queries):
    add_responses(jember, uniform(4, 2), on=date(2026, 8, 5))
    add_responses(jember, uniform(3, 2), on=date(2026, 10, 5))
    with django_assert_num_queries(1):
        trend = selectors.trend(SurveyResponse.objects.filter(institution=jember), Period.parse("2026-10"))
    assert len(trend) == 12
    assert trend[-1][0].key == "2026-10"
    by_key = {p.key: r for p, r in trend}
    assert by_key["2026-08"].ikm == Decimal("100.00")
    assert by_key["2026-09"] is None
    assert by_key["2026-10"].ikm == Decimal("75.00")


def test_quarter_trend_buckets_by_quarter(jember):
    add_responses(jember, uniform(4, 1), on=date(2026, 7, 1))
    add_responses(jember, uniform(2, 1), on=date(2026, 9, 30))
    trend = selectors.trend(SurveyResponse.objects.filter(institution=jember), Period.parse("2026-Q3"))
    assert len(trend) == 8
    assert trend[-1][1].respondents == 2


def test_profile_summary_counts_every_dimension_in_one_query(jember, django_assert_num_queries):
    add_responses(jember, uniform(3, 2), on=date(2026, 10, 5), sex="L", age=25, education="sma")
    add_responses(jember, uniform(3, 1), on=date(2026, 10, 5), sex="P", age=70)
    with django_assert_num_queries(1):
        profile = selectors.profile_summary(SurveyResponse.objects.filter(institution=jember))
    assert dict(profile["Jenis kelamin"]) == {"Laki-laki": 2, "Perempuan": 1}
    assert dict(profile["Umur"])["20-29"] == 2
    assert dict(profile["Umur"])[">= 60"] == 1
    assert dict(profile["Pendidikan"])["Tidak diisi"] == 1


def test_overview_lists_visible_institutions_in_two_queries(
    jember, tuban, semarang, supervisor_jatim, django_assert_num_queries
):
    add_responses(jember, uniform(4, 2), on=date(2026, 10, 5))
    InstitutionFactory(code="UPT-EXTRA", region_id="35.78")
    scope = UserScope.of(supervisor_jatim)
    scope.region_codes  # noqa: B018 - loaded once per request
    with django_assert_num_queries(2):
        rows = selectors.overview(user=scope, period=Period.parse("2026-10"))
    assert {i.code for i, _ in rows} == {"UPT-JBR", "UPT-TBN", "UPT-EXTRA"}
    assert {i.code: r for i, r in rows}["UPT-TBN"] is None
