"""Load the Kemendagri regions from the idn-area-data CSV files with COPY.

Used by the data migration (so regions exist after ``migrate`` alone) and by
the ``load_regions`` command (to refresh names after a new regulation). Rows
are upserted, so loading twice changes nothing.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = [
    ("provinces.csv", None),
    ("regencies.csv", "province_code"),
    ("districts.csv", "regency_code"),
    ("villages.csv", "district_code"),
]


def iter_rows():
    for level, (filename, parent_column) in enumerate(FILES, start=1):
        with open(DATA_DIR / filename, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                parent = row[parent_column] if parent_column else None
                yield row["code"], row["name"].strip(), level, parent


def load_regions(connection, table: str = "regions_region") -> int:
    """Upsert every region through a temporary table; return the number of rows read."""
    from django.db import transaction

    count = 0
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE region_load (code varchar(13), name varchar(100), "
            "level smallint, parent_id varchar(13)) ON COMMIT DROP"
        )
        with cursor.copy("COPY region_load (code, name, level, parent_id) FROM STDIN") as copy:
            for row in iter_rows():
                copy.write_row(row)
                count += 1
        cursor.execute(
            f"INSERT INTO {table} (code, name, level, parent_id) "  # noqa: S608
            "SELECT code, name, level, parent_id FROM region_load ORDER BY level, code "
            "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name "
            f"WHERE {table}.name IS DISTINCT FROM EXCLUDED.name"
        )
        cursor.execute("DROP TABLE region_load")
    return count
