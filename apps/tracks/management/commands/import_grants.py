from apps.core.commands import ImportCommand
from apps.tracks.importing import grants_import
from apps.tracks.imports import GRANTS, summary


class Command(ImportCommand):
    help = (
        "Impor bantuan modal usaha dari XLSX dengan kolom budget_code, fiscal_year, registration_no, "
        "paid_on, amount, business_type, business_start_on, baseline_income. Berkas yang melampaui "
        "pagu atau di luar tahun anggaran ditolak seluruhnya."
    )
    kind = GRANTS
    importer = staticmethod(grants_import)
    summary = staticmethod(summary)
