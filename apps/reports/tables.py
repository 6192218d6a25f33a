"""The rows of the command-line reports (and their CSV/JSON writing): a fixed contract.

Headers, order and rounding are part of the contract (docs/reports.md): integers as
integers, ``occupancy_pct`` and ``average_census`` rounded half up to one decimal, written
``96.4`` in CSV and as the JSON number ``96.4``.
"""

import csv
import json
from datetime import date
from decimal import Decimal

from . import census

OCCUPANCY_HEADER = ("institution_code", "institution_name", "capacity", "residents", "occupancy_pct")
CENSUS_HEADER = ("institution_code", "capacity", *census.COUNT_FIELDS, "average_census", "occupancy_pct")


def occupancy_rows(institutions, on: date) -> list[dict]:
    """One row per institution of ``institutions``, ordered by code (two queries: the
    institutions, their occupancy)."""
    ordered = list(institutions.order_by("code", "id").values("id", "code", "name", "capacity"))
    by_id = {int(row.key): row for row in census.occupancy_on(institutions, on)}
    rows = []
    for institution in ordered:
        occupancy = by_id[institution["id"]]
        rows.append(
            {
                "institution_code": institution["code"],
                "institution_name": institution["name"],
                "capacity": occupancy.capacity,
                "residents": occupancy.residents,
                "occupancy_pct": occupancy.occupancy_pct,
            }
        )
    return rows


def census_rows(institutions, month: census.Month) -> list[dict]:
    """One row per institution of ``institutions``, ordered by code (one query)."""
    return [
        {
            "institution_code": row.code,
            "capacity": row.capacity,
            "opening": row.opening,
            "admissions": row.admissions,
            "transfers_in": row.transfers_in,
            "transfers_out": row.transfers_out,
            "discharges": row.discharges,
            "closing": row.closing,
            "resident_days": row.resident_days,
            "average_census": row.average_census,
            "occupancy_pct": row.occupancy_pct,
        }
        for row in census.census_by_institution(institutions, [month], details=False)
    ]


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def write_csv(out, header, rows) -> None:
    """Header first, ``\\n`` line endings; decimals as ``96.4``, nothing as empty."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row[name] is None else row[name] for name in header])


def write_json(out, header, rows) -> None:
    """A list of objects with the header's keys; decimals as JSON numbers (``96.4``)."""
    data = [{name: _plain(row[name]) for name in header} for row in rows]
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write(out, fmt: str, header, rows) -> None:
    (write_json if fmt == "json" else write_csv)(out, header, rows)
