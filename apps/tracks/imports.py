"""The imports of the tracks app as ``ImportSpec``s: columns with Indonesian labels,
allowed values, job kinds (the pages and the commands share them)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.imports import Column, ImportSpec, register_import

from .importing import budget_lines_import, business_visits_import, grants_import
from .models import BusinessStatus, Programme

BUDGET_LINES = "tracks_budget_lines_import"
GRANTS = "tracks_grants_import"
VISITS = "tracks_business_visits_import"


def summary(result: dict) -> str:
    parts = [_("%(n)s baru") % {"n": result.get("created", 0)}]
    if "updated" in result:
        parts.append(_("%(n)s diperbarui") % {"n": result["updated"]})
    parts.append(_("%(n)s tetap") % {"n": result.get("unchanged", 0)})
    return _("Selesai: %(parts)s.") % {"parts": ", ".join(parts)}


def _programmes() -> dict:
    rows = Programme.objects.filter(is_active=True).order_by("sort_order", "code").values_list("code", "name")
    return {_("Program"): [["programme", _("nama")], *[list(r) for r in rows]]}


def _statuses() -> dict:
    return {
        _("Status usaha"): [
            ["status", _("arti")],
            *[[value, label] for value, label in BusinessStatus.choices],
        ]
    }


def _runner(func):
    return lambda actor, rows, progress, params: summary(func(actor=actor, rows=rows))


BUDGET_LINES_SPEC = register_import(
    ImportSpec(
        kind=BUDGET_LINES,
        title=gettext_lazy("Impor mata anggaran"),
        columns=(
            Column("fiscal_year", "Tahun anggaran", True, 2026),
            Column("code", "Kode rekening", True, "5.1.02.01.01.0024"),
            Column("programme", "Program", True, "kewirausahaan"),
            Column("institution_code", "Kode lembaga", False, ""),
            Column("name", "Uraian", True, "Bantuan modal usaha eks-PM"),
            Column("allocation", "Pagu", True, 825000000),
        ),
        run=_runner(budget_lines_import),
        allowed=_programmes,
    )
)

GRANTS_SPEC = register_import(
    ImportSpec(
        kind=GRANTS,
        title=gettext_lazy("Impor bantuan modal usaha"),
        columns=(
            Column("budget_code", "Kode rekening", True, "5.1.02.01.01.0024"),
            Column("fiscal_year", "Tahun anggaran", True, 2026),
            Column("registration_no", "Nomor registrasi PM", True, "UPT-PSTW-JEMBER-2026-00001"),
            Column("paid_on", "Tanggal penyaluran", True, "2026-03-02"),
            Column("amount", "Nilai", True, 2500000),
            Column("business_type", "Jenis usaha", True, "Warung kelontong"),
            Column("business_start_on", "Tanggal mulai usaha", True, "2026-03-02"),
            Column("baseline_income", "Pendapatan awal per bulan", False, 300000),
        ),
        run=_runner(grants_import),
    )
)

VISITS_SPEC = register_import(
    ImportSpec(
        kind=VISITS,
        title=gettext_lazy("Impor kunjungan usaha"),
        columns=(
            Column("registration_no", "Nomor registrasi PM", True, "UPT-PSTW-JEMBER-2026-00001"),
            Column("visited_on", "Tanggal kunjungan", True, "2026-06-02"),
            Column("status", "Status usaha", True, "running"),
            Column("monthly_revenue", "Omzet per bulan", False, 4000000),
            Column("monthly_income", "Pendapatan per bulan", False, 1200000),
        ),
        run=_runner(business_visits_import),
        allowed=_statuses,
    )
)
