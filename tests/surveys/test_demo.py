import io

import pytest

from apps.institutions import demo as institutions_demo
from apps.surveys import demo, selectors
from apps.surveys.ikm import Period
from apps.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db


def test_demo_responses_are_plausible_and_seeding_twice_adds_nothing():
    institutions_demo.seed(stdout=io.StringIO(), seed=1)
    demo.seed(stdout=io.StringIO(), seed=1)
    count = SurveyResponse.objects.count()
    assert count > 1000
    assert not SurveyResponse.objects.filter(institution__region__code__startswith="33.").exists()
    demo.seed(stdout=io.StringIO(), seed=1)
    assert SurveyResponse.objects.count() == count
    from django.utils import timezone

    from apps.institutions.models import Institution

    year = Period.containing(timezone.localdate(), "year")
    jember = Institution.objects.get(code="UPT-PSTW-JEMBER")
    report = selectors.institution_report(institution=jember, period=year, detail=False)
    assert report.result is not None and 25 <= report.result.ikm <= 100
