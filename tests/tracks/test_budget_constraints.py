"""The database holds the budget rules even for writes that bypass the services."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from apps.tracks.models import BudgetLine, Disbursement

from .conftest import make_line

pytestmark = pytest.mark.django_db


def _raw_disbursement(line, institution, resident, amount, paid_on=date(2025, 3, 1)):
    return Disbursement.objects.create(
        line=line, institution=institution, kind="grant", amount=amount, paid_on=paid_on, resident=resident
    )


def test_the_line_balance_follows_inserts_updates_and_deletes(line, jember, pm):
    first = _raw_disbursement(line, jember, pm, 3_000_000)
    _raw_disbursement(line, jember, pm, 2_000_000, paid_on=date(2025, 4, 1))
    line.refresh_from_db()
    assert line.disbursed == 5_000_000
    first.amount = 1_000_000
    first.save()
    line.refresh_from_db()
    assert line.disbursed == 3_000_000
    first.delete()
    line.refresh_from_db()
    assert line.disbursed == 2_000_000


def test_a_raw_insert_above_the_allocation_is_refused_by_the_check(line, jember, pm):
    _raw_disbursement(line, jember, pm, 9_000_000)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        _raw_disbursement(line, jember, pm, 1_000_001, paid_on=date(2025, 5, 1))
    assert exc.value.__cause__.diag.constraint_name == "budget_line_within_allocation"


def test_lowering_the_allocation_below_the_disbursed_is_refused(line, jember, pm):
    _raw_disbursement(line, jember, pm, 6_000_000)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(allocation=5_999_999)
    assert exc.value.__cause__.diag.constraint_name == "budget_line_within_allocation"


def test_a_payment_outside_the_fiscal_year_is_refused_by_the_trigger(line, jember, pm):
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        _raw_disbursement(line, jember, pm, 1_000, paid_on=date(2026, 1, 1))
    assert exc.value.__cause__.diag.constraint_name == "disbursement_in_fiscal_year"


def test_a_disbursement_has_exactly_one_recipient(line, jember):
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        Disbursement.objects.create(
            line=line, institution=jember, kind="aid", amount=1, paid_on=date(2025, 3, 1)
        )
    assert exc.value.__cause__.diag.constraint_name == "disbursement_one_recipient"


def test_a_starter_kit_belongs_to_an_enrollment(line, jember, pm):
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        Disbursement.objects.create(
            line=line, institution=jember, kind="kit", amount=1, paid_on=date(2025, 3, 1), resident=pm
        )
    assert exc.value.__cause__.diag.constraint_name == "disbursement_kit_has_enrollment"


def test_a_line_code_is_unique_within_a_year(jember):
    make_line(code="X.1")
    make_line(code="X.1", year=2026)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        make_line(code="X.1")
    assert exc.value.__cause__.diag.constraint_name == "budget_line_code_per_year"


def test_a_paid_line_keeps_its_fiscal_year(line, jember, pm):
    BudgetLine.objects.filter(pk=line.pk).update(fiscal_year=2026)  # nothing paid yet: allowed
    line.refresh_from_db()
    _raw_disbursement(line, jember, pm, 1_000, paid_on=date(2026, 3, 1))
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(fiscal_year=2025)
    assert exc.value.__cause__.diag.constraint_name == "budget_line_year_fixed_once_paid"
