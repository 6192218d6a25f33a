"""Two payments at the same moment, each on its own database connection.

As in tests/residents/test_concurrency.py: real commits through ``django_db_blocker``,
and exactly what was made is deleted afterwards (never ``transaction=True``, whose
teardown empties every table).
"""

import threading
import time
from contextlib import contextmanager
from datetime import date

import pytest
from django.db import IntegrityError, connection, connections

from apps.core.errors import DomainError
from apps.institutions.models import Institution
from apps.residents.models import Resident, ResidentHistory
from apps.tracks.models import BudgetLine, Business, Disbursement, Programme
from apps.tracks.services import budgets as budget_services
from apps.tracks.services import grant_give
from tests.factories import InstitutionFactory, staff_of

from .conftest import ResidentFactory

CODE = "UPT-RACE-TRK"


def run_together(*jobs):
    """Start every job at the same instant in its own thread (and connection); what each
    returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    return results


@contextmanager
def committed_line():
    assert connection.settings_dict["NAME"].startswith("test_"), connection.settings_dict["NAME"]
    assert connection.get_autocommit()
    institution = InstitutionFactory(code=CODE, name="UPT Uji Anggaran", capacity=10)
    users = [staff_of(institution, username="race_trk_a"), staff_of(institution, username="race_trk_b")]
    residents = [ResidentFactory(registered_at=institution) for _ in range(2)]
    line = BudgetLine.objects.create(
        fiscal_year=2025,
        code="RACE.1",
        programme=Programme.objects.get(code="kewirausahaan"),
        institution=institution,
        name="Balapan",
        allocation=10_000_000,
    )
    try:
        yield institution, users, residents, line
    finally:
        _clean(institution, users, residents, line)


def _clean(institution, users, residents, line):
    from pghistory.models import Context

    from apps.tracks.models import BusinessHistory, DisbursementHistory

    disbursements = list(Disbursement.objects.filter(line=line).values_list("pk", flat=True))
    businesses = list(Business.objects.filter(institution=institution).values_list("pk", flat=True))
    DisbursementHistory.objects.filter(pgh_obj_id__in=disbursements).delete()
    BusinessHistory.objects.filter(pgh_obj_id__in=businesses).delete()
    Disbursement.objects.filter(pk__in=disbursements).delete()
    Business.objects.filter(pk__in=businesses).delete()
    line.history.all().delete()
    BudgetLine.objects.filter(pk=line.pk).delete()
    ResidentHistory.objects.filter(pgh_obj_id__in=[r.pk for r in residents]).delete()
    Resident.objects.filter(pk__in=[r.pk for r in residents]).delete()
    Context.objects.filter(metadata__user__in=[u.pk for u in users]).delete()
    Institution.objects.filter(pk=institution.pk).delete()
    for user in users:
        user.delete()


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), committed_line() as made:
        yield made


def test_two_grants_that_together_exceed_the_line_exactly_one_is_paid(committed, monkeypatch):
    institution, (staff_a, staff_b), (first, second), line = committed

    # Widen the window between reading the balance and inserting: without the row lock
    # both would see Rp 10.000.000 remaining.
    check = budget_services.check_payment

    def slow_check(*args, **kwargs):
        check(*args, **kwargs)
        time.sleep(0.3)

    monkeypatch.setattr(budget_services, "check_payment", slow_check)

    def grant(actor, resident):
        return lambda: grant_give(
            actor=actor,
            line=line,
            resident=resident,
            institution=institution,
            amount=6_000_000,
            paid_on=date(2025, 6, 1),
            business_type="Warung",
            started_on=date(2025, 6, 1),
        )

    results = run_together(grant(staff_a, first), grant(staff_b, second))
    paid = [r for r in results if isinstance(r, Disbursement)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(paid) == 1, results
    assert len(refused) == 1, results
    assert refused[0].code == "over_allocation"
    line.refresh_from_db()
    assert line.disbursed == 6_000_000
    assert Disbursement.objects.filter(line=line).count() == 1
    # The refused grant left no business behind.
    assert Business.objects.filter(institution=institution).count() == 1


def test_two_raw_inserts_that_together_exceed_the_line_one_fails_in_the_database(committed):
    """Without the service (no lock, no check), the trigger-kept balance and its CHECK still hold."""
    institution, _users, (first, second), line = committed

    def insert(resident):
        return lambda: Disbursement.objects.create(
            line=line,
            institution=institution,
            kind="aid",
            amount=6_000_000,
            paid_on=date(2025, 6, 1),
            resident=resident,
        )

    results = run_together(insert(first), insert(second))
    failed = [r for r in results if isinstance(r, IntegrityError)]
    assert len(failed) == 1, results
    assert failed[0].__cause__.diag.constraint_name == "budget_line_within_allocation"
    line.refresh_from_db()
    assert line.disbursed == 6_000_000


@pytest.mark.django_db
def test_nothing_committed_above_is_left_behind():
    assert not Institution.objects.filter(code=CODE).exists()
    assert not BudgetLine.objects.filter(code="RACE.1").exists()
