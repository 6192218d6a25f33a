import csv
import json

from django.core.management.base import BaseCommand, CommandError

from apps.institutions.models import Institution
from apps.regions.models import Region
from apps.surveys import selectors
from apps.surveys.ikm import ELEMENT_CODES, Period


class Command(BaseCommand):
    help = (
        "Cetak IKM satu lembaga (--institution KODE) atau wilayah (--region KODE) untuk periode "
        "2026-10 (bulan), 2026-Q3 (triwulan) atau 2026 (tahun), sebagai JSON atau CSV."
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--institution", help="Kode lembaga, mis. UPT-PSTW-JEMBER")
        scope.add_argument("--region", help="Kode wilayah, mis. 35 atau 35.09")
        parser.add_argument("--period", required=True, help="2026-10, 2026-Q3 atau 2026")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, institution=None, region=None, period, format, **options):
        try:
            period = Period.parse(period)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if institution:
            obj = Institution.objects.filter(code=institution.upper()).first()
            if obj is None:
                raise CommandError(f"Lembaga tidak ditemukan: {institution}")
            report = selectors.institution_report(institution=obj, period=period, detail=False)
            scope = {"institution": obj.code, "name": obj.name}
        else:
            obj = Region.objects.filter(code=region).first()
            if obj is None:
                raise CommandError(f"Wilayah tidak ditemukan: {region}")
            report = selectors.region_report(region=obj, period=period, detail=False)
            scope = {"region": obj.code, "name": obj.name}
        data = as_dict(report, scope)
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self._write_csv(data)

    def _write_csv(self, data):
        columns = [
            "scope", "code", "period", "respondents", *ELEMENT_CODES, "ikm", "grade", "performance",
            "population", "min_sample", "sample_ok",
        ]  # fmt: skip
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(columns)
        scope = "institution" if "institution" in data else "region"
        nrr = data["nrr"] or {}
        ikm = "" if data["ikm"] is None else f"{data['ikm']:.2f}"
        answers = [nrr.get(c, "") for c in ELEMENT_CODES]
        writer.writerow(
            [scope, data[scope], data["period"], data["respondents"], *answers, ikm, data["grade"] or "",
             data["performance"] or "", data["population"], data["min_sample"],
             "yes" if data["sample_ok"] else "no"]
        )  # fmt: skip


def as_dict(report, scope: dict) -> dict:
    """The report as plain JSON values; no respondents gives ``ikm``/``grade`` null, not an error."""
    result = report.result
    data = {
        **scope,
        "period": report.period.key,
        "period_label": report.period.label,
        "respondents": report.respondents,
        "nrr": {code: float(value) for code, value in result.nrr.items()} if result else None,
        "ikm": float(result.ikm) if result else None,
        "grade": result.grade.letter if result else None,
        "performance": result.grade.words if result else None,
        "weight": str(result.weight) if result else None,
        "population": report.sample.population,
        "population_source": report.sample.source,
        "min_sample": report.sample.minimum,
        "sample_ok": report.sample.is_enough,
    }
    mean = getattr(report, "mean_of_institutions", None)
    if "region" in scope:
        data["mean_of_institutions"] = float(mean) if mean is not None else None
    return data
