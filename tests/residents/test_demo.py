"""The demo data: PM with realistic histories, written under the same rules, idempotent."""

import random
from collections import defaultdict
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from apps.core.errors import DomainError
from apps.institutions.models import Institution, Membership
from apps.residents import services
from apps.residents.demo.bulk import BulkWriter
from apps.residents.demo.planning import Stay, Story
from apps.residents.models import Case, Placement, RegistrationCounter, Resident, ResidentEvent
from apps.residents.models.census import census_differences
from apps.residents.nik import check_nik


def _counts() -> dict:
    return {
        "residents": Resident.objects.count(),
        "cases": Case.objects.count(),
        "placements": Placement.objects.count(),
        "events": ResidentEvent.objects.count(),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """``seed_demo`` run twice, once for the module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        first = _counts()
        call_command("seed_demo", stdout=StringIO())
        yield first, _counts()
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_seeding_again_adds_nothing(demo):
    first, second = demo
    assert first["residents"] > 1000
    assert second == first


def test_the_daily_census_table_equals_the_placements_after_the_bulk_path(demo):
    assert census_differences() == (0, 0)


def test_demo_staff_see_the_residents_of_their_own_institution(demo):
    User = get_user_model()
    for username, code in (("petugas", "UPT-PSTW-JEMBER"), ("petugas2", "UPT-PSBG-TUBAN")):
        visible = Resident.objects.visible_to(User.objects.get(username=username))
        assert visible.filter(registered_at__code=code).count() > 20
        assert not visible.exclude(
            Q(registered_at__code=code) | Q(placements__institution__code=code)
        ).exists()


def test_every_termination_reason_occurs(demo):
    reasons = set(Case.objects.exclude(closed_on=None).values_list("termination_reason", flat=True))
    assert reasons == set(Case.TerminationReason.values)


def test_occupancy_is_realistic_and_over_capacity_only_with_the_heads_reason(demo):
    today = timezone.localdate()
    current = dict(
        Placement.objects.current(today)
        .values_list("institution__code")
        .annotate(n=Count("id"))
        .values_list("institution__code", "n")
    )
    occupancy = {i.code: (current.get(i.code, 0), i.capacity) for i in Institution.objects.all()}
    assert any(taken >= capacity for taken, capacity in occupancy.values())
    assert all(taken / capacity >= 0.55 for taken, capacity in occupancy.values())
    for code, (taken, capacity) in occupancy.items():
        approved = Placement.objects.current(today).filter(
            institution__code=code, over_capacity_approved_by__isnull=False
        )
        assert approved.count() >= taken - capacity
    for placement in Placement.objects.exclude(over_capacity_approved_by=None):
        assert placement.over_capacity_reason
        assert Membership.objects.filter(
            user=placement.over_capacity_approved_by, institution=placement.institution, role="head"
        ).exists()


def test_histories_have_transfers_absences_and_pm_in_the_community(demo):
    today = timezone.localdate()
    assert Placement.objects.filter(end_reason=Placement.EndReason.TRANSFER).count() >= 5
    assert ResidentEvent.objects.overdue_leaves(today).count() >= 2
    assert ResidentEvent.objects.filter(kind="hospital", returned_on=None).exists()
    assert ResidentEvent.objects.filter(kind="room_move").exists()
    assert Resident.objects.filter(placements=None).exists()


def test_niks_pass_the_checks_and_estimated_births_have_none(demo):
    with_nik = Resident.objects.exclude(nik=None)
    assert with_nik.count() > 300
    for resident in with_nik:
        check = check_nik(resident.nik, birth_date=resident.birth_date, sex=resident.sex)
        assert check.ok, (resident.pk, check.errors)
    estimated = Resident.objects.filter(birth_date_estimated=True)
    assert estimated.exists()
    assert not estimated.exclude(nik=None).exists()


def test_registration_numbers_are_the_services_format_and_follow_each_counter(demo):
    serials = defaultdict(list)
    for number, code, institution_id in Resident.objects.values_list(
        "registration_no", "registered_at__code", "registered_at_id"
    ):
        parsed = services.parse_registration_no(number)
        assert parsed is not None and parsed[0] == code, number
        serials[(institution_id, parsed[1])].append(parsed[2])
    counters = {(c.institution_id, c.year): c.last_serial for c in RegistrationCounter.objects.all()}
    assert counters == {key: len(numbers) for key, numbers in serials.items()}
    for numbers in serials.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))


def _bulk_writer() -> BulkWriter:
    return BulkWriter(random.Random(1), timezone.localdate(), people=None, actor=None)


def test_the_bulk_path_refuses_a_bed_plan_over_capacity_by_the_admissions_rule(jember):
    today = timezone.localdate()
    start = today - timedelta(days=100)
    # Capacity 3: three at once fit, and a fourth after one of them left.
    stays = [Stay(jember, start), Stay(jember, start, start + timedelta(days=10)), Stay(jember, start)]
    stays.append(Stay(jember, start + timedelta(days=10)))
    _bulk_writer().check_capacity([Story(home=jember, stays=[stay]) for stay in stays])

    stays.append(Stay(jember, today - timedelta(days=5)))
    with pytest.raises(DomainError) as refused:
        _bulk_writer().check_capacity([Story(home=jember, stays=[stay]) for stay in stays])
    assert refused.value.code == "over_capacity"


def test_the_bulk_path_refuses_an_event_the_services_would_refuse(jember):
    on = timezone.localdate() - timedelta(days=30)
    story = Story(home=jember, stays=[Stay(jember, on - timedelta(days=60))])
    story.resident, story.placement = Resident(), Placement(room="Wisma Melati 1")
    story.events = [(on, {"kind": ResidentEvent.Kind.HOME_LEAVE, "notes": "Izin pulang."})]
    with pytest.raises(AssertionError, match="expected_return_on"):
        _bulk_writer().events(story)

    story.events = [(on, {"kind": ResidentEvent.Kind.ROOM_MOVE, "room": "Wisma Mawar 2"})]
    assert [row.kind for row in _bulk_writer().events(story)] == [ResidentEvent.Kind.ROOM_MOVE]
    assert story.placement.room == "Wisma Mawar 2"


def test_a_referral_and_an_over_capacity_request_wait_for_the_demo_users(demo):
    from apps.institutions.scope import UserScope
    from apps.residents.models import OverCapacityRequest, Referral
    from apps.residents.referral_selectors import home_queues, pending_requests_for_head

    User = get_user_model()
    referral = Referral.objects.get(status="proposed")  # seeded twice, made once
    assert (referral.from_institution.code, referral.to_institution.code) == (
        "UPT-PSBG-TUBAN",
        "UPT-PSTW-JEMBER",
    )
    assert referral.created_by.username == "petugas2"
    assert referral.resident.placements.get(period__upper_inf=True).institution == referral.from_institution
    request = OverCapacityRequest.objects.get(status="pending")
    assert (request.institution.code, request.created_by.username) == ("UPT-PSTW-JEMBER", "petugas")
    petugas, kepala = User.objects.get(username="petugas"), User.objects.get(username="kepala")
    assert [r.pk for r in home_queues(user=petugas)["incoming"]] == [referral.pk]
    assert [r.pk for r in home_queues(user=kepala)["to_decide"]] == [request.pk]
    assert pending_requests_for_head(UserScope(kepala)) == 1


def test_every_demo_event_lies_inside_its_placement(demo):
    """The demo (services and bulk path) keeps what the triggers hold, also for rows written
    before them: each event inside its own resident's placement, start day to end day."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM residents_residentevent e
            LEFT JOIN residents_placement p ON p.id = e.placement_id
            WHERE p.id IS NULL
               OR p.resident_id <> e.resident_id
               OR e.occurred_on < lower(p.period)
               OR (NOT upper_inf(p.period) AND GREATEST(e.occurred_on, e.returned_on) > upper(p.period))
            """
        )
        assert cursor.fetchone()[0] == 0
    assert ResidentEvent.objects.count() > 100
    assert ResidentEvent.objects.filter(kind="hospital").exclude(hospital="").exists()
    assert not Case.objects.filter(termination_reason="other", termination_notes="").exists()
