"""Benchmark of the residents list and detail pages on a large synthetic data set.

Meant for a scratch database, never a real one: the data are fake people, written
without audit history. For example::

    createdb -h 127.0.0.1 -U postgres panti_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/panti_bench
    python manage.py migrate
    python manage.py bench_residents                 # 6,000 institutions, 1M PM, 1.5M placements
    python manage.py bench_residents --residents 2000 --placements 3000 --institutions 60
    python manage.py bench_residents --drop          # remove the bench data again

The data set (institutions ``BENCH-00001``..., residents ``BENCH-0000001``..., users
``bench_*``) is written with PostgreSQL COPY in one transaction. The audit-history
triggers are switched off for that transaction (synthetic people need no audit trail):
as a superuser with ``SET LOCAL session_replication_role = replica`` (which also skips
the foreign-key triggers), otherwise with ``ALTER TABLE ... DISABLE TRIGGER USER``
(rolled back with the transaction if anything fails). The secondary indexes are
rebuilt once at the end instead of row by row. The generator writes consistent rows;
the check and exclusion constraints (one placement at a time) stay on.

Then the pages are requested with Django's test client, logged in as a staff member
of one bench institution, a supervisor of province 35 and an administrator, and the
server time (p50/p95) and query count of each page are printed against the targets.
"""

import argparse
import gc
import logging
import math
import random
import statistics
import time
from collections import Counter, defaultdict
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection, models, reset_queries, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.models import SupervisorScope
from apps.institutions.models import Institution, Membership, WelfareCategory
from apps.regions.models import Region
from apps.residents.models import INSTITUTION_IDS_REFRESH_SQL, Case, Placement, Resident, ResidentEvent

PREFIX = "BENCH-"
STAFF, SUPERVISOR, ADMIN = "bench_petugas", "bench_pengawas", "bench_admin"
SUPERVISED_PROVINCE = "35"
# The staff member's institution: BENCH-00001, in Kota Surabaya (inside the supervisor's province).
STAFF_REGION = "35.78"
LIST_TARGET_MS = 100
DETAIL_TARGET_MS = 50
WARMUP = 2
BATCH = 50_000
BULK_MODELS = (Resident, Case, Placement, ResidentEvent)

RESIDENT_COLUMNS = (
    "id, created_at, updated_at, registration_no, registered_at_id, full_name, nickname, sex, birth_place, "
    "birth_date, birth_date_estimated, nik, family_card_no, religion, marital_status, education, "
    "origin_village_id, origin_street, origin_rt, origin_rw, mother_name, welfare_category_id, disabilities, "
    "health_notes, allergies, photo, dtsen_id, welfare_decile, institution_ids"
)
CASE_COLUMNS = (
    "id, created_at, updated_at, resident_id, institution_id, opened_on, referral_source, "
    "referral_letter_no, stage, closed_on, termination_reason, termination_notes"
)
PLACEMENT_COLUMNS = (
    "id, created_at, updated_at, resident_id, case_id, institution_id, period, room, end_reason, "
    "over_capacity_reason"
)
EVENT_COLUMNS = (
    "id, created_at, updated_at, resident_id, placement_id, kind, occurred_on, expected_return_on, "
    "returned_on, room, notes"
)
INSTITUTION_COLUMNS = (
    "id, created_at, updated_at, code, name, kind, operator, clusters, address, phone, capacity, "
    "accreditation_grade, licence_number, is_active, region_id"
)

WISMA = ["Melati", "Mawar", "Anggrek", "Kenanga", "Cempaka", "Flamboyan", "Dahlia", "Teratai", "Bougenville"]
CLUSTER_AGES = {"anak": (0, 17), "lansia": (60, 92)}
CLOSED_STAGES = [Case.Stage.TERMINATION, Case.Stage.AFTERCARE]
OPEN_STAGES = [
    Case.Stage.APPROACH,
    Case.Stage.ASSESSMENT,
    Case.Stage.PLANNING,
    Case.Stage.INTERVENTION,
    Case.Stage.INTERVENTION,
    Case.Stage.RESOCIALISATION,
]


def split_placements(residents: int, placements: int) -> dict[int, int]:
    """How many residents get 0, 1, 2 or 3 consecutive placements, so the totals come out exactly."""
    if placements <= residents:
        return {0: residents - placements, 1: placements, 2: 0, 3: 0}
    extra = placements - residents
    if extra > 2 * residents:
        raise CommandError("Paling banyak tiga penempatan per PM: --placements <= 3 x --residents.")
    threes = extra // 4
    twos = extra - 2 * threes
    if twos + threes > residents:
        threes = extra - residents
        twos = extra - 2 * threes
    return {0: 0, 1: residents - twos - threes, 2: twos, 3: threes}


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


class Command(BaseCommand):
    help = (
        "Ukur waktu dan jumlah kueri halaman daftar dan detail PM pada data sintetis besar "
        "(jalankan dengan DATABASE_URL yang menunjuk basis data uji terpisah)."
    )

    # The generator needs no URLs; the measurement reports a broken page as its HTTP status.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--residents", type=int, default=1_000_000)
        parser.add_argument("--placements", type=int, default=1_500_000)
        parser.add_argument("--institutions", type=int, default=6000)
        parser.add_argument(
            "--generate",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="Buat ulang data (bawaan: hanya bila data bench belum ada atau ukurannya lain).",
        )
        parser.add_argument("--runs", type=int, default=50, help="Jumlah permintaan terukur per halaman.")
        parser.add_argument("--search", default="adi", help="Potongan nama yang umum untuk uji pencarian.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--timeout", type=int, default=10, help="Batas waktu per kueri (detik) selama pengukuran."
        )
        parser.add_argument("--drop", action="store_true", help="Hapus data bench lalu berhenti.")

    def handle(self, *args, **options):
        if options["drop"]:
            started = time.perf_counter()
            self.drop()
            self.stdout.write(f"Data bench dihapus ({time.perf_counter() - started:.1f} s).")
            return
        if options["runs"] < 1:
            raise CommandError("--runs minimal 1.")
        if options["institutions"] < 1 or options["residents"] < 1:
            raise CommandError("--institutions dan --residents minimal 1.")
        wanted = (options["institutions"], options["residents"], options["placements"])
        present = self.present_sizes()
        generate = options["generate"]
        if generate is None:
            generate = present != wanted
        if generate:
            if any(present):
                self.stdout.write("Menghapus data bench lama ...")
                self.drop()
            self.generate(*wanted, seed=options["seed"])
        elif not present[1]:
            raise CommandError("Belum ada data bench: jalankan tanpa --no-generate.")
        self.measure(runs=options["runs"], search=options["search"], timeout=options["timeout"])

    # -- the data set -------------------------------------------------------------------------

    def present_sizes(self) -> tuple[int, int, int]:
        institutions = Institution.objects.filter(code__startswith=PREFIX)
        return (
            institutions.count(),
            Resident.objects.filter(registration_no__startswith=PREFIX).count(),
            Placement.objects.filter(institution__in=institutions).count(),
        )

    def generate(self, n_institutions: int, n_residents: int, n_placements: int, *, seed: int) -> None:
        counts = split_placements(n_residents, n_placements)
        self.stdout.write(
            f"Membuat data bench: {n_institutions:,} lembaga, {n_residents:,} PM, "
            f"{n_placements:,} penempatan (PM dengan 0/1/2/3 penempatan: "
            f"{counts[0]:,}/{counts[1]:,}/{counts[2]:,}/{counts[3]:,})."
        )
        started = time.perf_counter()
        rng = random.Random(seed)
        with transaction.atomic(), connection.cursor() as cursor:
            how = self.triggers_off(cursor)
            self.stdout.write(
                f"Data sintetis: pemicu riwayat audit (pghistory) dimatikan selama pemuatan ({how}); "
                "indeks sekunder dibangun ulang di akhir."
            )
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            indexes = self.secondary_indexes(cursor)
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            institutions = self.copy_institutions(cursor, rng, n_institutions)
            step = time.perf_counter()
            self.stdout.write(f"  lembaga: {time.perf_counter() - started:.1f} s")
            totals = self.copy_people(cursor, rng, institutions, counts)
            self.stdout.write(
                f"  PM, kasus, penempatan, kejadian (COPY): {time.perf_counter() - step:.1f} s "
                f"({totals['residents']:,} PM, {totals['cases']:,} kasus, {totals['placements']:,} "
                f"penempatan, {totals['events']:,} kejadian)"
            )
            step = time.perf_counter()
            # The triggers that keep Resident.institution_ids were off: fill it in one pass.
            cursor.execute(INSTITUTION_IDS_REFRESH_SQL)
            self.stdout.write(f"  lembaga terkait PM (institution_ids): {time.perf_counter() - step:.1f} s")
            step = time.perf_counter()
            for _name, definition in indexes:
                cursor.execute(definition)
            self.stdout.write(f"  indeks dibangun ulang ({len(indexes)}): {time.perf_counter() - step:.1f} s")
            for model in (Institution, Resident, Case, Placement, ResidentEvent):
                table = model._meta.db_table
                next_id = self.next_id(cursor, model)
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s, false)", [next_id]
                )
            self.triggers_on(cursor, how)
            self.bench_users(institutions[0]["id"])
        step = time.perf_counter()
        # VACUUM sets the visibility map (index-only scans), as autovacuum would in time; it
        # cannot run inside a transaction (as in the tests), where ANALYZE alone is done.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for model in (Institution, Resident, Case, Placement, ResidentEvent):
                cursor.execute(f"{command} {model._meta.db_table}")
            cursor.execute(f"{command} {Institution.categories.through._meta.db_table}")
        self.stdout.write(f"  {command}: {time.perf_counter() - step:.1f} s")
        self.stdout.write(
            self.style.SUCCESS(f"Data bench dibuat dalam {time.perf_counter() - started:.1f} s.")
        )

    @staticmethod
    def triggers_off(cursor) -> str:
        """Switch off the audit triggers of the residents tables until the transaction ends."""
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")
            return "SET LOCAL session_replication_role = replica"
        for model in BULK_MODELS:
            cursor.execute(f"ALTER TABLE {model._meta.db_table} DISABLE TRIGGER USER")
        return "ALTER TABLE ... DISABLE TRIGGER USER"

    @staticmethod
    def triggers_on(cursor, how: str) -> None:
        if how.startswith("SET"):
            cursor.execute("SET LOCAL session_replication_role = origin")
            return
        for model in BULK_MODELS:
            cursor.execute(f"ALTER TABLE {model._meta.db_table} ENABLE TRIGGER USER")

    @staticmethod
    def secondary_indexes(cursor) -> list[tuple[str, str]]:
        """Indexes of the residents tables that back no constraint: dropped for the load, rebuilt after."""
        tables = [m._meta.db_table for m in BULK_MODELS]
        cursor.execute(
            """
            SELECT c.relname, pg_get_indexdef(i.indexrelid)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = ANY(%s::regclass[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            ORDER BY c.relname
            """,
            [tables],
        )
        return cursor.fetchall()

    @staticmethod
    def next_id(cursor, model) -> int:
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {model._meta.db_table}")  # noqa: S608
        return cursor.fetchone()[0]

    def copy_institutions(self, cursor, rng: random.Random, n: int) -> list[dict]:
        regencies = list(Region.objects.filter(level=Region.Level.REGENCY).values_list("code", "name"))
        if not regencies:
            raise CommandError("Tabel wilayah kosong: jalankan migrate terlebih dahulu.")
        rng.shuffle(regencies)
        # The staff member's institution first, inside the supervised province.
        regencies.sort(key=lambda r: r[0] != STAFF_REGION)
        by_cluster = defaultdict(list)
        for category_id, cluster in WelfareCategory.objects.values_list("id", "cluster"):
            by_cluster[cluster].append(category_id)
        clusters = sorted(by_cluster)
        now = timezone.now()
        first = self.next_id(cursor, Institution)
        institutions = []
        with cursor.copy(f"COPY {Institution._meta.db_table} ({INSTITUTION_COLUMNS}) FROM STDIN") as copy:
            for i in range(n):
                region, region_name = regencies[i % len(regencies)]
                cluster = rng.choice(clusters)
                categories = rng.sample(by_cluster[cluster], min(len(by_cluster[cluster]), rng.randint(1, 3)))
                kind = "UPT" if rng.random() < 0.3 else "LKS"
                institution = {
                    "id": first + i,
                    "region": region,
                    "province": region[:2],
                    "place": region_name.title().removeprefix("Kab. ").removeprefix("Kota "),
                    "cluster": cluster,
                    "categories": categories,
                    "capacity": rng.randint(20, 200),
                }
                institutions.append(institution)
                copy.write_row(
                    (
                        institution["id"],
                        now,
                        now,
                        f"{PREFIX}{i + 1:05d}",
                        f"{'UPT' if kind == 'UPT' else 'LKS'} Uji Beban {i + 1:05d} {region_name.title()}",
                        kind,
                        "province" if kind == "UPT" else "community",
                        f"{{{cluster}}}",
                        f"Jl. Uji Beban No. {i + 1}",
                        "",
                        institution["capacity"],
                        "",
                        "",
                        True,
                        region,
                    )
                )
        through = Institution.categories.through._meta.db_table
        with cursor.copy(f"COPY {through} (institution_id, welfarecategory_id) FROM STDIN") as copy:
            for institution in institutions:
                for category_id in institution["categories"]:
                    copy.write_row((institution["id"], category_id))
        return institutions

    def copy_people(self, cursor, rng: random.Random, institutions: list[dict], counts: dict) -> Counter:
        from faker.providers.person.id_ID import Provider as Names

        today = timezone.localdate()
        now = timezone.now()
        males, females = list(Names.first_names_male), list(Names.first_names_female)
        last_male, last_female = list(Names.last_names_male), list(Names.last_names_female)
        districts = defaultdict(list)
        villages = defaultdict(list)
        for code, level in Region.objects.filter(level__gte=Region.Level.DISTRICT).values_list(
            "code", "level"
        ):
            (districts if level == Region.Level.DISTRICT else villages)[code[:5]].append(code)
        by_province = defaultdict(list)
        for institution in institutions:
            by_province[institution["province"]].append(institution)
        reasons = list(Case.TerminationReason.values)
        sources = list(Case.ReferralSource.values)
        religions = ["islam"] * 17 + ["kristen", "katolik", "hindu", "tidak_diketahui"]
        plan = [k for k, n in counts.items() for _ in range(n)]
        rng.shuffle(plan)
        ids = {model: self.next_id(cursor, model) for model in (Resident, Case, Placement, ResidentEvent)}
        serials = Counter()
        totals = Counter()

        for batch_start in range(0, len(plan), BATCH):
            residents, cases, placements, events = [], [], [], []
            for n_placements in plan[batch_start : batch_start + BATCH]:
                number = batch_start + len(residents) + 1
                home = rng.choice(institutions)
                resident_id, case_id = ids[Resident], ids[Case]
                ids[Resident] += 1
                ids[Case] += 1
                sex = "P" if rng.random() < 0.5 else "L"
                given = females if sex == "P" else males
                shape = rng.random()
                if shape < 0.3:
                    name = rng.choice(given)
                elif shape < 0.8:
                    name = f"{rng.choice(given)} {rng.choice(last_female if sex == 'P' else last_male)}"
                else:
                    name = f"{rng.choice(given)} {rng.choice(given)} {rng.choice(last_male)}"

                # Consecutive placements: earlier ones end in a transfer, the last is current or a discharge.
                current = n_placements > 0 and rng.random() < 0.36
                lengths = [rng.randint(60, 900) for _ in range(n_placements)]
                if current:
                    start = today - timedelta(days=sum(lengths[:-1]) + rng.randint(0, 1500))
                else:
                    start = today - timedelta(days=sum(lengths) + rng.randint(0, 2500))
                opened_on = start
                low, high = CLUSTER_AGES.get(home["cluster"], (18, 59))
                birth = start - timedelta(days=rng.randint(low * 365, high * 365 + 364))
                estimated = rng.random() < (0.35 if home["cluster"] == "tuna_sosial" else 0.12)
                if estimated:
                    birth = birth.replace(month=7, day=1)
                nik = family_card = ""
                village = None
                if rng.random() < 0.7:
                    village = rng.choice(villages[home["region"]] or [None])
                if not estimated and rng.random() < 0.6 and districts[home["region"]]:
                    district = rng.choice(districts[home["region"]])
                    day = birth.day + (40 if sex == "P" else 0)
                    stem = f"{district.replace('.', '')}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
                    # Serials from 9001 up: clear of the demo data's, which stay below 9000.
                    serials[stem] += 1
                    nik = f"{stem}{9000 + serials[stem]:04d}"
                    family_card = f"{district.replace('.', '')}{rng.randint(0, 9_999_999_999):010d}"
                residents.append(
                    (
                        resident_id,
                        now,
                        now,
                        f"{PREFIX}{number:07d}",
                        home["id"],
                        name,
                        name.split()[0] if rng.random() < 0.2 else "",
                        sex,
                        "" if estimated else home["place"],
                        birth,
                        estimated,
                        nik or None,
                        family_card,
                        rng.choice(religions),
                        "tidak_diketahui",
                        "tidak_diketahui",
                        village,
                        "",
                        "",
                        "",
                        "" if estimated else rng.choice(females),
                        rng.choice(home["categories"]),
                        "{mental}" if rng.random() < 0.1 else "{}",
                        "",
                        "",
                        "",
                        "",
                        rng.randint(1, 10) if rng.random() < 0.3 else None,
                        "{}",  # filled by INSTITUTION_IDS_REFRESH_SQL after the load
                    )
                )
                institution = home
                case_institution = home
                last_placement = None
                for index, length in enumerate(lengths):
                    last = index == n_placements - 1
                    end = None if (last and current) else start + timedelta(days=length)
                    placement_id = ids[Placement]
                    ids[Placement] += 1
                    room = f"Wisma {rng.choice(WISMA)} {rng.randint(1, 12)}"
                    placements.append(
                        (
                            placement_id,
                            now,
                            now,
                            resident_id,
                            case_id,
                            institution["id"],
                            f"[{start},{end or ''})",
                            room,
                            "" if end is None else ("discharge" if last else "transfer"),
                            "",
                        )
                    )
                    last_placement = (placement_id, start, end)
                    case_institution = institution
                    if end is not None:
                        start = end
                        neighbours = by_province[institution["province"]]
                        institution = rng.choice(neighbours if len(neighbours) > 1 else institutions)
                closed_on = reason = ""
                if n_placements and not current:
                    closed_on, reason = start, rng.choice(reasons)
                elif not n_placements and rng.random() < 0.5:
                    opened_on = today - timedelta(days=rng.randint(0, 1500))
                    closed_on, reason = opened_on + timedelta(days=rng.randint(0, 300)), rng.choice(reasons)
                    closed_on = min(closed_on, today)
                elif not n_placements:
                    opened_on = today - timedelta(days=rng.randint(0, 1500))
                cases.append(
                    (
                        case_id,
                        now,
                        now,
                        resident_id,
                        case_institution["id"],
                        opened_on,
                        rng.choice(sources),
                        "",
                        rng.choice(CLOSED_STAGES if reason else OPEN_STAGES),
                        closed_on or None,
                        reason,
                        "",
                    )
                )
                if last_placement is not None:
                    self.add_events(rng, events, ids, today, now, resident_id, last_placement, reason)
            for table, columns, rows in (
                (Resident, RESIDENT_COLUMNS, residents),
                (Case, CASE_COLUMNS, cases),
                (Placement, PLACEMENT_COLUMNS, placements),
                (ResidentEvent, EVENT_COLUMNS, events),
            ):
                with cursor.copy(f"COPY {table._meta.db_table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            totals.update(
                residents=len(residents), cases=len(cases), placements=len(placements), events=len(events)
            )
        return totals

    @staticmethod
    def add_events(rng, events, ids, today, now, resident_id, placement, reason) -> None:
        """A few residential events inside the resident's last placement."""
        placement_id, start, end = placement
        last_day = (end - timedelta(days=1)) if end else today
        if reason == Case.TerminationReason.DIED:
            kinds = ["death"]
        elif rng.random() < 0.15:
            kinds = rng.sample(["room_move", "home_leave", "hospital"], rng.randint(1, 2))
        else:
            return
        for kind in kinds:
            occurred = (
                last_day
                if kind == "death"
                else start + timedelta(days=rng.randint(0, (last_day - start).days))
            )
            expected = returned = None
            room = notes = ""
            if kind == "room_move":
                room = f"Wisma {rng.choice(WISMA)} {rng.randint(1, 12)}"
            elif kind == "home_leave":
                expected = occurred + timedelta(days=rng.randint(3, 14))
                # A leave is still open only for residents in care (overdue when expected is past).
                if end is not None or rng.random() < 0.7:
                    returned = max(occurred, min(expected + timedelta(days=rng.randint(-2, 3)), last_day))
                    if returned > today:
                        returned = None
            elif kind == "hospital":
                returned = min(occurred + timedelta(days=rng.randint(2, 20)), last_day)
                if returned < occurred or returned > today:
                    returned = None
            events.append(
                (
                    ids[ResidentEvent],
                    now,
                    now,
                    resident_id,
                    placement_id,
                    kind,
                    occurred,
                    expected,
                    returned,
                    room,
                    notes,
                )
            )
            ids[ResidentEvent] += 1

    def bench_users(self, staff_institution_id: int):
        User = get_user_model()
        staff, _ = User.objects.get_or_create(
            username=STAFF, defaults={"first_name": "Petugas", "last_name": "Uji"}
        )
        supervisor, _ = User.objects.get_or_create(
            username=SUPERVISOR, defaults={"first_name": "Pengawas", "last_name": "Uji"}
        )
        User.objects.get_or_create(
            username=ADMIN,
            defaults={"first_name": "Admin", "last_name": "Uji", "is_superuser": True, "is_staff": True},
        )
        Membership.objects.get_or_create(
            user=staff, institution_id=staff_institution_id, defaults={"role": Membership.Role.STAFF}
        )
        SupervisorScope.objects.get_or_create(user=supervisor, region_id=SUPERVISED_PROVINCE)

    def drop(self) -> None:
        """Remove every bench row; rows pointing at bench rows are deleted (optional links cleared).

        Table and column names below come from the models, never from input.
        """
        User = get_user_model()
        resident_ids = f"SELECT id FROM {Resident._meta.db_table} WHERE registration_no LIKE '{PREFIX}%'"  # noqa: S608
        by_resident = "SELECT id FROM {table} WHERE resident_id IN (SELECT id FROM bench_resident)"
        targets = [
            (ResidentEvent, by_resident.format(table=ResidentEvent._meta.db_table)),
            (Placement, by_resident.format(table=Placement._meta.db_table)),
            (Case, by_resident.format(table=Case._meta.db_table)),
            (Resident, "SELECT id FROM bench_resident"),
            (Institution, f"SELECT id FROM {Institution._meta.db_table} WHERE code LIKE '{PREFIX}%'"),  # noqa: S608
            (
                User,
                f"SELECT id FROM {User._meta.db_table} "  # noqa: S608
                f"WHERE username IN ('{STAFF}', '{SUPERVISOR}', '{ADMIN}')",
            ),
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            existing = set(connection.introspection.table_names(cursor))
            # Only tables that exist: another app may have models whose migration is not applied yet.
            all_models = [
                m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in existing
            ]
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            if cursor.fetchone()[0]:
                # Rows are deleted referencing-first, so the foreign-key checks may be skipped.
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(f"CREATE TEMP TABLE bench_resident ON COMMIT DROP AS {resident_ids}")
            cursor.execute("CREATE UNIQUE INDEX ON bench_resident (id)")
            cursor.execute("ANALYZE bench_resident")
            for target, ids in targets:
                cursor.execute(f"CREATE TEMP TABLE bench_ids ON COMMIT DROP AS {ids}")
                cursor.execute("CREATE UNIQUE INDEX ON bench_ids (id)")
                cursor.execute("ANALYZE bench_ids")
                for model in all_models:
                    if model is target or model._meta.proxy or not model._meta.managed:
                        continue
                    for field in model._meta.concrete_fields:
                        if not isinstance(field, models.ForeignKey) or field.related_model is not target:
                            continue
                        table, column = model._meta.db_table, field.column
                        if field.null:
                            cursor.execute(
                                f'UPDATE {table} SET "{column}" = NULL '  # noqa: S608
                                f'WHERE "{column}" IN (SELECT id FROM bench_ids)'
                            )
                        else:
                            cursor.execute(
                                f'DELETE FROM {table} WHERE "{column}" IN (SELECT id FROM bench_ids)'  # noqa: S608
                            )
                cursor.execute(
                    f"DELETE FROM {target._meta.db_table} WHERE id IN (SELECT id FROM bench_ids)"  # noqa: S608
                )
                cursor.execute("DROP TABLE bench_ids")
            cursor.execute("DROP TABLE bench_resident")

    # -- the measurement ----------------------------------------------------------------------

    def measure(self, *, runs: int, search: str, timeout: int) -> None:
        User = get_user_model()
        users = [
            ("petugas", User.objects.get(username=STAFF)),
            (f"pengawas {SUPERVISED_PROVINCE}", User.objects.get(username=SUPERVISOR)),
            ("admin", User.objects.get(username=ADMIN)),
        ]
        home = Institution.objects.filter(code__startswith=PREFIX).order_by("code").first()
        # A resident in care at the staff member's institution (all three may open it), with events if any.
        in_care = Placement.objects.current().filter(institution=home)
        resident_id = (
            ResidentEvent.objects.filter(placement__in=in_care)
            .order_by("resident_id")
            .values_list("resident_id", flat=True)
            .first()
            or in_care.order_by("resident_id").values_list("resident_id", flat=True).first()
            or Resident.objects.filter(registered_at=home).order_by("id").values_list("id", flat=True).first()
        )
        category_id = (
            Resident.objects.filter(registered_at=home)
            .values_list("welfare_category_id", flat=True)
            .annotate(n=models.Count("id"))
            .order_by("-n", "welfare_category_id")
            .first()
        )
        # (label, url, POST data or None for GET, target). The search goes in a POST body,
        # as the page sends it (names never travel in URLs).
        pages = [
            ("daftar", "/residents/", None, LIST_TARGET_MS),
            (f"daftar q={search}", "/residents/", {"q": search}, LIST_TARGET_MS),
            (
                "daftar filter",
                f"/residents/?category={category_id}&sex=P&status=in_care",
                None,
                LIST_TARGET_MS,
            ),
            ("daftar hal. 2", "/residents/?page=2", None, LIST_TARGET_MS),
            ("detail", f"/residents/{resident_id}/", None, DETAIL_TARGET_MS),
        ]
        sizes = {
            "lembaga": Institution.objects.count(),
            "PM": Resident.objects.count(),
            "penempatan": Placement.objects.count(),
            "kejadian": ResidentEvent.objects.count(),
        }
        self.stdout.write("Ukuran data: " + ", ".join(f"{count:,} {label}" for label, count in sizes.items()))
        self.stdout.write(
            f"Pengukuran: {runs} permintaan per halaman setelah {WARMUP} pemanasan; waktu server "
            "(klien uji di dalam proses, objek awal dibekukan dari GC), DEBUG=False; "
            f"batas waktu kueri {timeout} s. "
            f"Detail: PM #{resident_id}; filter: kategori #{category_id}, perempuan, dalam panti."
        )
        header = (
            f"{'pengguna':<12} {'halaman':<18} {'terlihat':>9} {'HTTP':>4} {'kueri':>5} {'maks ms':>8} "
            f"{'p50 ms':>8} {'p95 ms':>8} {'target':>7}  hasil"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        failures = 0
        client = Client(raise_request_exception=False)
        # A missing page would log a warning per request; the table shows the status instead.
        request_logger = logging.getLogger("django.request")
        level = request_logger.level
        request_logger.setLevel(logging.CRITICAL)
        with connection.cursor() as cursor:
            # A pathological plan shows as a timeout (HTTP 500) instead of running for hours.
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{timeout}s"])
        try:
            with override_settings(DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
                for label, user in users:
                    try:
                        visible = f"{Resident.objects.visible_to(user).count():,}"
                    except OperationalError:
                        visible = "timeout"
                    client.force_login(user)
                    for page_label, url, data, target in pages:
                        failures += not self.measure_page(
                            client, label, page_label, url, data, target, runs, visible
                        )
                    client.logout()
        finally:
            request_logger.setLevel(level)
            with connection.cursor() as cursor:
                cursor.execute("RESET statement_timeout")
        self.stdout.write(
            f"Target: daftar p95 < {LIST_TARGET_MS} ms, detail p95 < {DETAIL_TARGET_MS} ms. Kolom 'kueri' "
            "(jumlah kueri per permintaan) harus sama pada data kecil dan besar: bandingkan dengan "
            "--residents 2000 --placements 3000 --institutions 60. 'maks ms': kueri terlambat."
        )
        if failures:
            self.stdout.write(self.style.ERROR(f"{failures} pengukuran tidak memenuhi target."))
        else:
            self.stdout.write(self.style.SUCCESS("Semua pengukuran memenuhi target."))

    def measure_page(self, client, label, page_label, url, data, target, runs, visible) -> bool:
        def fetch():
            return client.get(url) if data is None else client.post(url, data)

        response = None
        for _ in range(WARMUP):
            response = fetch()
        # What the process holds by now (Django, templates, this command's own data) lives as
        # long as it does: move it out of the garbage collector's sight, as a long-running
        # worker would (gunicorn with preload and gc.freeze). Otherwise full collections over
        # the command's objects show up as request time.
        gc.collect()
        gc.freeze()
        # A request starts by clearing the query log: capture from an empty log.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = fetch()
        slowest = max((float(q["time"]) * 1000 for q in queries.captured_queries), default=0.0)
        columns = f"{label:<12} {page_label:<18} {visible:>9} {response.status_code:>4} {len(queries):>5} "
        if response.status_code != 200:
            self.stdout.write(
                columns + f"{'-':>8} {'-':>8} {'-':>8} {'<' + str(target):>7}  " + self.style.ERROR("FAIL")
            )
            return False
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            fetch()
            timings.append((time.perf_counter() - started) * 1000)
        p50, p95 = statistics.median(timings), percentile(timings, 0.95)
        ok = p95 < target
        self.stdout.write(
            columns
            + f"{slowest:>8.1f} {p50:>8.1f} {p95:>8.1f} {'<' + str(target):>7}  "
            + (self.style.SUCCESS("PASS") if ok else self.style.ERROR("FAIL"))
        )
        return ok
