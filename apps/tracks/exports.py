"""The programme workbook: lines, then outcomes; numbers as numbers, never a formula."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from apps.core.exports import safe_row

BOLD = Font(bold=True)


def _pct(value):
    return float(value) if value is not None else None


def programme_workbook(*, title: str, code: str, year: int, data: dict) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Anggaran"
    sheet.append(safe_row([f"Program dan anggaran {year}: {title} ({code})"]))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(
        ["Kode rekening", "Program", "Lembaga", "Uraian", "Pagu (Rp)", "Realisasi (Rp)", "Realisasi (%)",
         "Penerima manfaat", "Biaya per penerima (Rp)"]
    )  # fmt: skip
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for row in data["lines"]:
        line = row.line
        sheet.append(
            safe_row(
                [
                    line.code,
                    line.programme.code,
                    line.institution.code if line.institution_id else "",
                    line.name,
                    line.allocation,
                    line.disbursed,
                    _pct(row.realisation_pct),
                    row.beneficiaries,
                    row.unit_cost,
                ]
            )  # fmt: skip
        )
    sheet.append(safe_row(["Jumlah", "", "", "", data["allocation"], data["disbursed"]]))
    outcomes = data["outcomes"]
    sheet = workbook.create_sheet("Capaian")
    for label, value in [
        ("PM terdaftar pelatihan", outcomes.enrolled),
        ("PM lulus pelatihan", outcomes.completed),
        ("Sertifikat kompetensi", outcomes.certified),
        ("Siap terminasi (disetujui)", outcomes.ready),
        ("Usaha dimulai", outcomes.businesses_started),
        ("Median perubahan pendapatan (Rp)", _pct(outcomes.median_income_change)),
    ]:
        sheet.append(safe_row([label, value]))
    sheet.append([])
    sheet.append(["Bulan", "Dimulai", "Diketahui", "Bertahan", "Ketahanan (%)"])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for row in outcomes.survival:
        sheet.append([row.months, row.started, row.known, row.survived, _pct(row.survival_pct)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
