import csv
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.institutions.models import Institution
from apps.rehabilitation.followup import due_visits

COLUMNS = ("registration_no", "closed_on", "due_on", "months", "status")


class Command(BaseCommand):
    help = (
        "Cetak kunjungan bimbingan lanjut yang belum dilakukan dan jatuh tempo paling lambat "
        "tanggal + 30 hari, untuk kasus yang ditutup di lembaga itu (CSV atau JSON)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--institution", required=True, help="Kode lembaga, mis. UPT-PSTW-JEMBER")
        parser.add_argument("--date", help="YYYY-MM-DD; bawaan: hari ini (Asia/Jakarta)")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, institution, date=None, format, **options):
        obj = Institution.objects.filter(code=institution.upper()).first()
        if obj is None:
            raise CommandError(f"Lembaga tidak ditemukan: {institution}")
        on = _parse_date(date) if date else timezone.localdate()
        rows = [
            {
                "registration_no": item.case.resident.registration_no,
                "closed_on": item.case.closed_on.isoformat(),
                "due_on": item.due_on.isoformat(),
                "months": item.months,
                "status": item.status(on),
            }
            for item in due_visits(institution=obj, on=on)
        ]
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        writer = csv.DictWriter(self.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Tanggal tidak valid (YYYY-MM-DD): {value}") from exc
