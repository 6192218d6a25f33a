"""Two people acting at the same moment, each on their own database connection.

These tests need committed data that other connections can see, so they cannot run
inside the usual per-test transaction. They do not use ``django_db(transaction=True)``
either: its teardown empties EVERY table, including the regions and PPKS categories
loaded by data migrations that all other tests rely on (and, with --reuse-db, later
runs too). Instead they commit for real through ``django_db_blocker`` and delete exactly
what they created.
"""

import threading
import time
from contextlib import contextmanager
from datetime import date

import pytest
from django.db import connection, connections

from apps.core.errors import DomainError
from apps.institutions.models import Institution, Membership
from apps.residents import services
from apps.residents.models import (
    Case,
    CaseHistory,
    Placement,
    PlacementHistory,
    RegistrationCounter,
    Resident,
    ResidentHistory,
)
from tests.factories import InstitutionFactory, UserFactory, category, staff_of
from tests.residents.conftest import ResidentFactory, admit

CODE = "UPT-RACE"


@contextmanager
def committed_institution():
    """An institution with two staff, committed for real; on leaving, everything made is removed.

    Call it where the connection commits (autocommit, outside a test transaction).
    """
    # pytest-django sets up the test database only if a collected test carries the django_db
    # mark (the last test of this module does); never commit to a real one.
    assert connection.settings_dict["NAME"].startswith("test_"), connection.settings_dict["NAME"]
    assert connection.get_autocommit()
    institution = InstitutionFactory(code=CODE, name="UPT Uji Balapan", capacity=3)
    users = [staff_of(institution, username="race_a"), staff_of(institution, username="race_b")]
    try:
        yield institution, users
    finally:
        _clean(institution, users)


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Real commits in the test database; everything made here is removed afterwards."""
    with django_db_blocker.unblock(), committed_institution() as made:
        yield made


def _clean(institution, users, *more_institutions):
    from pghistory.models import Context

    institutions = [institution, *more_institutions]
    placements = list(Placement.objects.filter(institution__in=institutions).values_list("pk", flat=True))
    cases = list(Case.objects.filter(institution__in=institutions).values_list("pk", flat=True))
    residents = list(Resident.objects.filter(registered_at__in=institutions).values_list("pk", flat=True))
    PlacementHistory.objects.filter(pgh_obj_id__in=placements).delete()
    CaseHistory.objects.filter(pgh_obj_id__in=cases).delete()
    ResidentHistory.objects.filter(pgh_obj_id__in=residents).delete()
    Placement.objects.filter(pk__in=placements).delete()
    Case.objects.filter(pk__in=cases).delete()
    Resident.objects.filter(pk__in=residents).delete()
    RegistrationCounter.objects.filter(institution__in=institutions).delete()
    Context.objects.filter(metadata__user__in=[u.pk for u in users]).delete()
    Institution.objects.filter(pk__in=[i.pk for i in institutions]).delete()  # memberships cascade
    for user in users:
        user.delete()


def run_together(*jobs):
    """Start every job at the same instant in its own thread; return what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            results[index] = exc
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    return results


def test_two_admissions_into_the_last_place_exactly_one_wins(committed, monkeypatch):
    institution, (staff_a, staff_b) = committed
    for _ in range(2):  # 2 of 3 places taken
        admit(ResidentFactory(registered_at=institution), institution, on=date(2025, 1, 1))
    first = ResidentFactory(registered_at=institution, full_name="Pertama")
    second = ResidentFactory(registered_at=institution, full_name="Kedua")

    # Widen the window between counting and inserting: without the row lock on the
    # institution both would count 2 taken places and both would be admitted.
    count = services.placements._peak_occupancy_from

    def slow_count(*args, **kwargs):
        taken = count(*args, **kwargs)
        time.sleep(0.3)
        return taken

    monkeypatch.setattr(services.placements, "_peak_occupancy_from", slow_count)

    def admission(actor, resident):
        return lambda: services.case_admit(
            actor=actor,
            resident=resident,
            institution=institution,
            on=date(2025, 6, 1),
            referral_source="razia",
        )

    results = run_together(admission(staff_a, first), admission(staff_b, second))

    winners = [r for r in results if isinstance(r, Placement)]
    losers = [r for r in results if isinstance(r, DomainError)]
    assert len(winners) == 1, results
    assert len(losers) == 1, results
    assert losers[0].code == "over_capacity"
    assert Placement.objects.current(date(2025, 6, 1)).filter(institution=institution).count() == 3
    # The loser left nothing half-written: no case without a placement.
    loser = second if winners[0].resident_id == first.pk else first
    assert not Case.objects.filter(resident=loser).exists()


def test_two_registrations_at_once_get_different_numbers(committed):
    institution, (staff_a, staff_b) = committed

    def register(actor, name):
        return lambda: services.resident_register(
            actor=actor,
            institution=institution,
            data={"full_name": name, "sex": "L", "welfare_category": category("GEL")},
        )

    results = run_together(register(staff_a, "Agus Salim"), register(staff_b, "Yohanes Lie"))
    assert all(isinstance(r, Resident) for r in results), results
    numbers = sorted(r.registration_no for r in results)
    year = date.today().year
    assert numbers == [f"{CODE}-{year}-00001", f"{CODE}-{year}-00002"]


@pytest.fixture
def committed_pair(django_db_setup, django_db_blocker):
    """Two institutions with room, a member of staff at both, committed for real and removed after."""
    with django_db_blocker.unblock():
        assert connection.settings_dict["NAME"].startswith("test_"), connection.settings_dict["NAME"]
        first = InstitutionFactory(code=f"{CODE}-A", name="UPT Uji Balapan A", capacity=5)
        second = InstitutionFactory(code=f"{CODE}-B", name="UPT Uji Balapan B", capacity=5)
        users = [staff_of(first, username="race_a"), staff_of(first, username="race_b")]
        for user in users:
            Membership.objects.create(user=user, institution=second, role=Membership.Role.STAFF)
        try:
            yield first, second, users
        finally:
            _clean(first, users, second)


def test_opposite_transfers_at_once_both_succeed_without_deadlock(committed_pair, monkeypatch):
    first, second, (staff_a, staff_b) = committed_pair
    at_first = admit(ResidentFactory(registered_at=first), first, on=date(2025, 1, 1))
    at_second = admit(ResidentFactory(registered_at=second), second, on=date(2025, 1, 1))

    # Each holds what it locked a while. Had each locked its sending institution first and
    # the receiving one in a second step, each would wait for the other's for ever and
    # PostgreSQL would end one of them ("deadlock detected").
    lock = services.placements.lock_institutions

    def slow_lock(*institutions):
        locked = lock(*institutions)
        time.sleep(0.3)
        return locked

    monkeypatch.setattr(services.placements, "lock_institutions", slow_lock)

    def transfer(actor, placement, to):
        return lambda: services.placement_transfer(
            actor=actor, placement=placement, to_institution=to, on=date(2025, 6, 1)
        )

    results = run_together(transfer(staff_a, at_first, second), transfer(staff_b, at_second, first))

    assert all(isinstance(r, Placement) for r in results), results
    assert [r.institution_id for r in results] == [second.pk, first.pk]
    for placement in (at_first, at_second):
        placement.refresh_from_db()
        assert placement.end == date(2025, 6, 1)
    assert Placement.objects.current(date(2025, 6, 1)).filter(institution__in=[first, second]).count() == 2


@pytest.mark.django_db
def test_nothing_committed_above_is_left_behind():
    """The clean-up of the tests above, checked on its own: it must not depend on test order."""

    def commit_then_clean():
        # Another connection, outside this test's transaction: what it writes is committed.
        with committed_institution() as (institution, (staff_a, _staff_b)):
            resident = services.resident_register(
                actor=staff_a,
                institution=institution,
                data={"full_name": "Agus Salim", "sex": "L", "welfare_category": category("GEL")},
            )
            services.case_admit(
                actor=staff_a,
                resident=resident,
                institution=institution,
                on=date(2025, 6, 1),
                referral_source="razia",
            )
            return {
                "institution": Institution.objects.filter(code=CODE).count(),
                "residents": Resident.objects.filter(registered_at=institution).count(),
                "placements": Placement.objects.filter(institution=institution).count(),
                "history": ResidentHistory.objects.filter(pgh_obj_id=resident.pk).count(),
                "counters": RegistrationCounter.objects.filter(institution=institution).count(),
            }

    [made] = run_together(commit_then_clean)
    assert isinstance(made, dict), made
    assert all(made.values()), made  # each kind of row existed before the clean-up
    # This test's own connection sees every committed row: none is left.
    assert not Institution.objects.filter(code=CODE).exists()
    assert not UserFactory._meta.model.objects.filter(username__startswith="race_").exists()
    assert not RegistrationCounter.objects.exists()
    assert not Resident.objects.filter(full_name="Agus Salim").exists()


def test_two_acceptances_of_one_referral_at_once_move_the_resident_once(committed_pair):
    from apps.residents.models import Referral, ReferralHistory

    first, second, (staff_a, staff_b) = committed_pair
    placement = admit(ResidentFactory(registered_at=first), first, on=date(2025, 1, 1))
    referral = services.referral_propose(
        actor=staff_a,
        resident=placement.resident,
        to_institution=second,
        on=date(2025, 6, 1),
        reason="Dekat keluarga",
        letter_no="1/2025",
    )
    try:

        def accept(actor):
            return lambda: services.referral_accept(actor=actor, referral=referral)

        results = run_together(accept(staff_a), accept(staff_b))
        winners = [r for r in results if isinstance(r, Placement)]
        losers = [r for r in results if isinstance(r, DomainError)]
        assert (len(winners), len(losers)) == (1, 1), results
        assert losers[0].code == "referral_closed"
        assert Placement.objects.filter(resident=placement.resident).count() == 2
        referral.refresh_from_db()
        assert referral.new_placement == winners[0]
    finally:
        ReferralHistory.objects.filter(pgh_obj_id=referral.pk).delete()
        Referral.objects.filter(pk=referral.pk).delete()
