"""Writing the bench data set in one COPY transaction, and removing it again.

The audit-history triggers are switched off for the load (synthetic people need no
audit trail): as a superuser with ``SET LOCAL session_replication_role = replica``
(which also skips the foreign-key triggers), otherwise with ``ALTER TABLE ... DISABLE
TRIGGER USER`` (rolled back with the transaction if anything fails). The secondary
indexes are rebuilt once at the end instead of row by row.
"""

import random
import time

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction

from apps.institutions.models import Institution
from apps.residents.models import (
    INSTITUTION_IDS_REFRESH_SQL,
    Case,
    CensusDay,
    Placement,
    Resident,
    ResidentEvent,
    census_rebuild,
)
from benchmarks.common import is_superuser, next_id

from .data import ADMIN, PREFIX, STAFF, SUPERVISOR, bench_users, copy_institutions, split_placements
from .people import copy_people

BULK_MODELS = (Resident, Case, Placement, ResidentEvent)


def generate(out, style, n_institutions: int, n_residents: int, n_placements: int, *, seed: int) -> None:
    """Write the data set (same seed, same data), then VACUUM ANALYZE it as autovacuum would in time."""
    counts = split_placements(n_residents, n_placements)
    out.write(
        f"Membuat data bench: {n_institutions:,} lembaga, {n_residents:,} PM, "
        f"{n_placements:,} penempatan (PM dengan 0/1/2/3 penempatan: "
        f"{counts[0]:,}/{counts[1]:,}/{counts[2]:,}/{counts[3]:,})."
    )
    started = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic(), connection.cursor() as cursor:
        how = triggers_off(cursor)
        out.write(
            f"Data sintetis: pemicu riwayat audit (pghistory) dimatikan selama pemuatan ({how}); "
            "indeks sekunder dibangun ulang di akhir."
        )
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        indexes = secondary_indexes(cursor)
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        institutions = copy_institutions(cursor, rng, n_institutions)
        step = time.perf_counter()
        out.write(f"  lembaga: {time.perf_counter() - started:.1f} s")
        totals = copy_people(cursor, rng, institutions, counts)
        out.write(
            f"  PM, kasus, penempatan, kejadian (COPY): {time.perf_counter() - step:.1f} s "
            f"({totals['residents']:,} PM, {totals['cases']:,} kasus, {totals['placements']:,} "
            f"penempatan, {totals['events']:,} kejadian)"
        )
        step = time.perf_counter()
        # The triggers that keep Resident.institution_ids were off: fill it in one pass.
        cursor.execute(INSTITUTION_IDS_REFRESH_SQL)
        out.write(f"  lembaga terkait PM (institution_ids): {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        # The census triggers were off too: the daily census table from the placements.
        rows = census_rebuild()
        out.write(f"  sensus harian ({rows:,} baris): {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        for _name, definition in indexes:
            cursor.execute(definition)
        out.write(f"  indeks dibangun ulang ({len(indexes)}): {time.perf_counter() - step:.1f} s")
        for model in (Institution, Resident, Case, Placement, ResidentEvent):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s, false)", [next_id(cursor, model)]
            )
        triggers_on(cursor, how)
        bench_users(institutions[0]["id"])
    step = time.perf_counter()
    # VACUUM sets the visibility map (index-only scans), as autovacuum would in time; it
    # cannot run inside a transaction (as in the tests), where ANALYZE alone is done.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in (Institution, Resident, Case, Placement, ResidentEvent, CensusDay):
            cursor.execute(f"{command} {model._meta.db_table}")
        cursor.execute(f"{command} {Institution.categories.through._meta.db_table}")
    out.write(f"  {command}: {time.perf_counter() - step:.1f} s")
    out.write(style.SUCCESS(f"Data bench dibuat dalam {time.perf_counter() - started:.1f} s."))


def triggers_off(cursor) -> str:
    """Switch off the audit triggers of the residents tables until the transaction ends."""
    if is_superuser(cursor):
        cursor.execute("SET LOCAL session_replication_role = replica")
        return "SET LOCAL session_replication_role = replica"
    for model in BULK_MODELS:
        cursor.execute(f"ALTER TABLE {model._meta.db_table} DISABLE TRIGGER USER")
    return "ALTER TABLE ... DISABLE TRIGGER USER"


def triggers_on(cursor, how: str) -> None:
    """Undo ``triggers_off`` (``how`` is what it returned) before the transaction goes on."""
    if how.startswith("SET"):
        cursor.execute("SET LOCAL session_replication_role = origin")
        return
    for model in BULK_MODELS:
        cursor.execute(f"ALTER TABLE {model._meta.db_table} ENABLE TRIGGER USER")


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


def drop() -> None:
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
        all_models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in existing]
        if is_superuser(cursor):
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
