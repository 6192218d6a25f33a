from apps.core.commands import ImportCommand
from apps.tracks.importing import budget_lines_import
from apps.tracks.imports import BUDGET_LINES, summary


class Command(ImportCommand):
    help = (
        "Impor mata anggaran dari XLSX dengan kolom fiscal_year, code, programme, institution_code, "
        "name, allocation (institution_code kosong: tingkat provinsi). Impor ulang memperbarui pagu, "
        "tidak pernah di bawah realisasi. Semua baris atau tidak sama sekali."
    )
    kind = BUDGET_LINES
    importer = staticmethod(budget_lines_import)
    summary = staticmethod(summary)
