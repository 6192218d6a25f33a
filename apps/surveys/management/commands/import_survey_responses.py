from apps.core.commands import ImportCommand
from apps.surveys.imports import summary
from apps.surveys.services import responses_import


class Command(ImportCommand):
    help = (
        "Impor jawaban kuesioner SKM kertas dari XLSX dengan kolom institution_code, submitted_on, "
        "u1..u9 (1-4), sex, age, education, occupation (atau judul kolom bahasa Indonesia). "
        "Semua baris atau tidak sama sekali."
    )
    kind = "survey_responses_import"
    importer = staticmethod(responses_import)
    summary = staticmethod(summary)
