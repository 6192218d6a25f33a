"""The daily census table (residents_censusday) equals the placements after every kind of
write: services, random admissions, transfers, discharges, back-dated edits, moves between
institutions and residents, deletes, multi-row statements; and after rebuild_census."""

import random
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateRange

from apps.residents import services
from apps.residents.models import Case, CensusDay, Placement
from apps.residents.models.census import COLUMNS, EXPECTED_SQL, census_differences
from tests.factories import staff_of

from .conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db

TRANSFER = Placement.EndReason.TRANSFER
DISCHARGE = Placement.EndReason.DISCHARGE


def table_rows() -> list[tuple]:
    return list(
        CensusDay.objects.order_by("institution_id", "day").values_list(
            *[c.strip() for c in COLUMNS.split(",")]
        )
    )


def expected_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({EXPECTED_SQL}) AS e ORDER BY 1, 2")  # noqa: S608
        return [tuple(row) for row in cursor.fetchall()]


def assert_table_matches_placements() -> None:
    assert table_rows() == expected_rows()
    assert census_differences() == (0, 0)


def test_march_rows_hold_counts_and_flows_per_boundary_day(jember, tuban):
    a, b, d = (ResidentFactory(registered_at=jember) for _ in range(3))
    admit(a, jember, on=date(2025, 2, 10))
    admit(b, jember, on=date(2025, 3, 1), end=date(2025, 3, 11))
    sent = admit(d, jember, on=date(2025, 2, 1), end=date(2025, 3, 15), end_reason=TRANSFER)
    admit(d, tuban, on=date(2025, 3, 15), case=sent.case)
    rows = {(r[0], r[1]): r[2:] for r in table_rows()}
    # residents, admissions, transfers in, transfers out, discharges
    assert rows[(jember.pk, date(2025, 3, 1))] == (3, 1, 0, 0, 0)
    assert rows[(jember.pk, date(2025, 3, 11))] == (2, 0, 0, 0, 1)
    assert rows[(jember.pk, date(2025, 3, 15))] == (1, 0, 0, 1, 0)
    assert rows[(tuban.pk, date(2025, 3, 15))] == (1, 0, 1, 0, 0)
    assert_table_matches_placements()


def test_services_keep_the_table_in_the_same_transaction(jember, tuban):
    head = staff_of(jember, role="head", username="kepala_j")
    tuban_head = staff_of(tuban, role="head", username="kepala_t")
    person = ResidentFactory(registered_at=jember)
    placement = services.case_admit(
        actor=head, resident=person, institution=jember, on=date(2025, 1, 10), referral_source="keluarga"
    )
    assert_table_matches_placements()
    moved = services.placement_transfer(
        actor=head, placement=placement, to_institution=tuban, on=date(2025, 2, 1)
    )
    assert CensusDay.objects.get(institution=jember, day=date(2025, 2, 1)).transfers_out == 1
    assert_table_matches_placements()
    services.case_terminate(actor=tuban_head, case=moved.case, on=date(2025, 3, 1), reason="independent")
    assert CensusDay.objects.get(institution=tuban, day=date(2025, 3, 1)).discharges == 1
    assert_table_matches_placements()


def random_operations(
    rng: random.Random, institutions, steps: int, check=assert_table_matches_placements, people=None
) -> None:
    people = people or [ResidentFactory(registered_at=institutions[0]) for _ in range(12)]
    base = date(2024, 6, 1)
    for _ in range(steps):
        op = rng.choice(["admit", "admit", "transfer", "discharge", "backdate", "move", "delete", "bulk"])
        placements = list(Placement.objects.order_by("id"))
        try:
            with transaction.atomic():
                if op == "admit" or not placements:
                    who = rng.choice(people)
                    start = base + timedelta(days=rng.randint(0, 300))
                    end = rng.choice([None, start + timedelta(days=rng.randint(1, 60))])
                    admit(who, rng.choice(institutions), on=start, end=end)
                elif op == "transfer":
                    open_ = [p for p in placements if p.end is None]
                    if not open_:
                        continue
                    p = rng.choice(open_)
                    on = p.start + timedelta(days=rng.randint(1, 40))
                    p.period, p.end_reason = DateRange(p.start, on), TRANSFER
                    p.save()
                    others = [i for i in institutions if i.pk != p.institution_id]
                    admit(p.resident, rng.choice(others), on=on, case=p.case)
                elif op == "discharge":
                    open_ = [p for p in placements if p.end is None]
                    if not open_:
                        continue
                    p = rng.choice(open_)
                    p.period, p.end_reason = (
                        DateRange(p.start, p.start + timedelta(days=rng.randint(1, 90))),
                        DISCHARGE,
                    )
                    p.save()
                elif op == "backdate":
                    p = rng.choice(placements)
                    start = p.start - timedelta(days=rng.randint(-5, 30))
                    end = (
                        p.end
                        if rng.random() < 0.5
                        else (p.end and p.end + timedelta(days=rng.randint(-3, 10)))
                    )
                    if end is not None and end <= start:
                        end = start + timedelta(days=1)
                    p.period = DateRange(start, end)
                    p.end_reason = DISCHARGE if end else ""
                    p.save()
                elif op == "move":
                    p = rng.choice(placements)
                    if rng.random() < 0.5:
                        p.institution = rng.choice(institutions)
                    else:
                        p.resident = rng.choice(people)
                        p.case = Case.objects.create(
                            resident=p.resident, institution=p.institution, opened_on=p.start,
                            referral_source="keluarga",
                        )  # fmt: skip
                    p.save()
                elif op == "delete":
                    rng.choice(placements).delete()
                else:  # several rows in one statement: shift every placement of one institution
                    where = rng.choice(institutions)
                    shift = timedelta(days=rng.randint(-3, 3))
                    for p in Placement.objects.filter(institution=where):
                        p.period = DateRange(p.start + shift, p.end and p.end + shift)
                    Placement.objects.bulk_update(
                        list(Placement.objects.filter(institution=where)), ["period"]
                    )
                    Placement.objects.filter(institution=where).update(room="R")
        except IntegrityError:
            continue  # an overlap the exclusion constraint refused: nothing changed
        check()


def test_random_writes_keep_the_table_equal_to_the_placements(jember, tuban, semarang):
    random_operations(random.Random(11), [jember, tuban, semarang], steps=120)
    assert Placement.objects.count() > 5


def test_a_bulk_create_of_many_placements_is_one_statement_and_stays_right(jember, tuban):
    people = [ResidentFactory(registered_at=jember) for _ in range(20)]
    cases = [
        Case.objects.create(
            resident=p, institution=jember, opened_on=date(2025, 1, 1), referral_source="keluarga"
        )
        for p in people
    ]
    Placement.objects.bulk_create(
        Placement(
            resident=p,
            case=c,
            institution=jember if n % 2 else tuban,
            period=DateRange(date(2025, 1, 1) + timedelta(days=n), None if n % 3 else date(2025, 3, 1)),
            end_reason="" if n % 3 else DISCHARGE,
        )
        for n, (p, c) in enumerate(zip(people, cases, strict=True))
    )
    assert_table_matches_placements()
    Placement.objects.filter(institution=tuban).delete()
    assert_table_matches_placements()


def test_an_edit_that_does_not_move_dates_leaves_the_table_alone(jember):
    person = ResidentFactory(registered_at=jember)
    placement = admit(person, jember, on=date(2025, 1, 10))
    before = table_rows()
    placement.room = "Mawar"
    placement.save()
    assert table_rows() == before


def test_rebuild_census_rewrites_a_damaged_table(jember, tuban):
    for n in range(5):
        admit(ResidentFactory(registered_at=jember), jember if n % 2 else tuban, on=date(2025, 1, 1 + n))
    CensusDay.objects.filter(institution=jember).delete()
    CensusDay.objects.filter(institution=tuban).update(residents=99)
    with pytest.raises(CommandError, match="berbeda"):
        call_command("rebuild_census", "--check")
    call_command("rebuild_census")
    assert_table_matches_placements()
    call_command("rebuild_census", "--check")


def test_the_table_refuses_negative_counts(jember):
    admit(ResidentFactory(registered_at=jember), jember, on=date(2025, 1, 1))
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        CensusDay.objects.filter(institution=jember).update(residents=-1)
    assert exc.value.__cause__.diag.constraint_name == "residents_censusday_residents_check"
