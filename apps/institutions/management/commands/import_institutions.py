from apps.core.commands import ImportCommand
from apps.institutions.imports import summary
from apps.institutions.services import institutions_import


class Command(ImportCommand):
    help = (
        "Impor lembaga dari XLSX dengan kolom code, name, kind, operator, region_code, "
        "capacity, address, phone (atau judul kolom bahasa Indonesia). Semua baris atau tidak sama sekali."
    )
    kind = "institutions_import"
    importer = staticmethod(institutions_import)
    summary = staticmethod(summary)
