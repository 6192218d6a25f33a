"""The institutions import (master data, by administrators): its columns and job kind."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.imports import Column, ImportSpec, register_import
from apps.regions.models import Region

from .models import Institution
from .services import institutions_import

COLUMNS = (
    Column("code", "Kode lembaga", True, "UPT-PSTW-JEMBER"),
    Column("name", "Nama lembaga", True, "UPT Pelayanan Sosial Tresna Werdha Jember"),
    Column("kind", "Jenis", True, "UPT"),
    Column("operator", "Penyelenggara", True, "province"),
    Column("region_code", "Kode wilayah", True, "35.09"),
    Column("capacity", "Kapasitas", True, 110),
    Column("address", "Alamat", False, ""),
    Column("phone", "Telepon", False, ""),
)


def summary(result: dict) -> str:
    return _("Selesai: %(created)s baru, %(updated)s diperbarui, %(unchanged)s tetap.") % result


def _run(actor, rows, progress, params) -> str:
    return summary(institutions_import(actor=actor, rows=rows))


def _allowed() -> dict:
    regencies = Region.objects.filter(level=Region.Level.REGENCY).order_by("code").values_list("code", "name")
    return {
        _("Jenis dan penyelenggara"): [
            [_("kind"), _("arti")],
            *[[value, label] for value, label in Institution.Kind.choices],
            [],
            [_("operator"), _("arti")],
            *[[value, label] for value, label in Institution.Operator.choices],
        ],
        _("Kode wilayah"): [[_("region_code"), _("kabupaten/kota")], *[list(r) for r in regencies]],
    }


SPEC = register_import(
    ImportSpec(
        kind="institutions_import",
        title=gettext_lazy("Impor lembaga"),
        columns=COLUMNS,
        run=_run,
        allowed=_allowed,
    )
)
