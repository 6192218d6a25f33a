from apps.core.commands import ImportCommand
from apps.tracks.importing import business_visits_import
from apps.tracks.imports import VISITS, summary


class Command(ImportCommand):
    help = (
        "Impor kunjungan usaha dari XLSX dengan kolom registration_no, visited_on, status "
        "(running/growing/stalled/closed), monthly_revenue, monthly_income. "
        "Semua baris atau tidak sama sekali."
    )
    kind = VISITS
    importer = staticmethod(business_visits_import)
    summary = staticmethod(summary)
