"""The report commands' contract: headers, order, rounding, CSV and JSON output.

CSV: header line first, ``\\n`` line endings, percentages as ``41.7`` (half up, one
decimal), money as whole rupiah, an empty cell when a figure cannot be computed. JSON:
a list of objects with the same keys; ``null`` for what cannot be computed.
"""

import csv
import json

from django.core.management.base import CommandError

from apps.institutions.models import Institution
from apps.regions.models import Region

from .selectors.reports import Scope

PROGRAMME_HEADER = [
    "budget_code",
    "programme",
    "institution_code",
    "allocation",
    "disbursed",
    "realisation_pct",
    "beneficiaries",
]
BUSINESS_HEADER = ["months", "started", "known", "survived", "survival_pct"]


def _pct(value):
    return None if value is None else f"{value:.1f}"


def programme_records(rows) -> list[dict]:
    return [
        {
            "budget_code": row.line.code,
            "programme": row.line.programme.code,
            "institution_code": row.line.institution.code if row.line.institution_id else None,
            "allocation": row.line.allocation,
            "disbursed": row.line.disbursed,
            "realisation_pct": _pct(row.realisation_pct),
            "beneficiaries": row.beneficiaries,
        }
        for row in rows
    ]


def business_records(rows) -> list[dict]:
    return [
        {
            "months": row.months,
            "started": row.started,
            "known": row.known,
            "survived": row.survived,
            "survival_pct": _pct(row.survival_pct),
        }
        for row in rows
    ]


def add_scope_arguments(parser) -> None:
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--institution", help="Kode lembaga, mis. UPT-PSTW-JEMBER")
    scope.add_argument("--region", help="Kode wilayah, mis. 35 atau 35.09")
    parser.add_argument("--format", choices=["csv", "json"], default="csv")


def scope_from(institution: str | None, region: str | None) -> Scope:
    if institution:
        found = Institution.objects.filter(code=institution.strip().upper()).first()
        if found is None:
            raise CommandError(f"Lembaga tidak ditemukan: {institution}")
        return Scope(institution=found)
    if region:
        found = Region.objects.filter(code=region.strip()).first()
        if found is None:
            raise CommandError(f"Wilayah tidak ditemukan: {region}")
        return Scope(region=found)
    return Scope()


def write(stdout, header: list[str], records: list[dict], fmt: str) -> None:
    if fmt == "json":
        stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
        return
    writer = csv.writer(stdout, lineterminator="\n")
    writer.writerow(header)
    for record in records:
        writer.writerow(["" if record[key] is None else record[key] for key in header])
