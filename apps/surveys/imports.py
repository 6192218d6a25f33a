"""The import of paper questionnaires: its columns, allowed values and job kind."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.errors import ImportRejected, RowError
from apps.core.imports import Column, ImportSpec, register_import

from .elements import ELEMENTS
from .models import Education, Occupation, Sex
from .services import responses_import

COLUMNS = (
    Column("institution_code", "Kode lembaga", True, "UPT-PSTW-JEMBER"),
    Column("submitted_on", "Tanggal isi", True, "2026-10-05"),
    *(Column(e.code, f"{e.code.upper()} {e.name}", True, 3) for e in ELEMENTS),
    Column("sex", "Jenis kelamin", False, "P"),
    Column("age", "Umur", False, 34),
    Column("education", "Pendidikan", False, "sma"),
    Column("occupation", "Pekerjaan", False, "wirausaha"),
)


def summary(count: int) -> str:
    return _("Selesai: %(count)s jawaban diimpor.") % {"count": count}


def _run(actor, rows, progress, params) -> str:
    # A page imports for one institution: rows of another are refused, not stored there.
    only = params.get("institution")
    if only:
        others = [
            RowError(
                n,
                _("kode lembaga %(code)s bukan %(only)s")
                % {"code": row.get("institution_code"), "only": only},
            )
            for n, row in rows
            if str(row.get("institution_code", "")).strip().upper() != only
        ]
        if others:
            raise ImportRejected(others)
    return summary(responses_import(actor=actor, rows=rows))


def _allowed() -> dict:
    def choices(title, enum):
        return [[title, _("arti")], *[[value, label] for value, label in enum.choices]]

    return {
        _("Jawaban"): [
            [_("nilai"), _("arti")],
            [1, _("tidak baik")],
            [2, _("kurang baik")],
            [3, _("baik")],
            [4, _("sangat baik")],
        ],  # fmt: skip
        _("Profil"): [
            *choices("sex", Sex),
            [],
            *choices("education", Education),
            [],
            *choices("occupation", Occupation),
        ],  # fmt: skip
    }


SPEC = register_import(
    ImportSpec(
        kind="survey_responses_import",
        title=gettext_lazy("Impor kuesioner kertas"),
        columns=COLUMNS,
        run=_run,
        allowed=_allowed,
    )
)
