"""An institution lies in a kab/kota or finer region: a check on the region key itself."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def test_an_institution_in_a_province_alone_is_refused_by_the_database():
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        InstitutionFactory(region_id="35")
    assert exc.value.__cause__.diag.constraint_name == "institution_region_regency_or_below"


@pytest.mark.parametrize("code", ["35.09", "35.78.01", "35.78.01.1001"])
def test_an_institution_may_lie_in_a_regency_district_or_village(code):
    assert InstitutionFactory(region_id=code).pk


def test_model_validation_says_which_field_is_wrong():
    institution = InstitutionFactory.build(region_id="35")
    with pytest.raises(ValidationError) as exc:
        institution.full_clean()
    assert "region" in exc.value.message_dict
