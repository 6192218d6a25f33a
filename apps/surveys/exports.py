"""The IKM workbook in the layout offices publish (unsur, NRR, NRR tertimbang, IKM, mutu, kinerja)."""

import io
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from apps.core.exports import neutralise_workbook

from .elements import ELEMENTS

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WEAK_FILL = PatternFill("solid", fgColor="FCE4D6")


def _weight_label(weight: Fraction) -> str:
    return "1/9" if weight == Fraction(1, 9) else str(float(weight))


def ikm_workbook(*, title: str, code: str, report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "IKM"
    result = report.result
    sheet.append(["INDEKS KEPUASAN MASYARAKAT (IKM)"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"{title} ({code})"])
    sheet.append([f"Periode: {report.period.label} ({report.period.key})"])
    sheet.append(["Metode: PermenPANRB Nomor 14 Tahun 2017"])
    sheet.append([])
    header = ["No", "Unsur pelayanan", "Jumlah nilai", "NRR per unsur", "NRR tertimbang"]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = BOLD, HEADER_FILL
    if result is None:
        sheet.append(["", "Belum ada responden pada periode ini: IKM tidak dihitung."])
    else:
        nrr, weighted, weak = result.nrr, result.nrr_weighted, set(result.weakest())
        for element in ELEMENTS:
            sheet.append(
                [
                    f"U{element.number}",
                    str(element.name),
                    result.totals[element.code],
                    float(nrr[element.code]),
                    float(weighted[element.code]),
                ]
            )
            if element.code in weak:
                for cell in sheet[sheet.max_row]:
                    cell.fill = WEAK_FILL
            sheet.cell(sheet.max_row, 4).number_format = "0.00"
            sheet.cell(sheet.max_row, 5).number_format = "0.000"
        summary = [
            ("Bobot per unsur", _weight_label(result.weight)),
            ("Jumlah NRR tertimbang", float(result.weighted_sum)),
            ("IKM unit pelayanan (jumlah NRR tertimbang x 25)", float(result.ikm)),
            ("Mutu pelayanan", result.grade.letter),
            ("Kinerja unit pelayanan", result.grade.words),
        ]
        sheet.append([])
        for label, value in summary:
            sheet.append(["", label, "", "", value])
            sheet.cell(sheet.max_row, 2).font = BOLD
        sheet.cell(sheet.max_row - 2, 5).number_format = "0.00"
    sample = report.sample
    sheet.append([])
    sheet.append(["", "Jumlah responden", "", "", report.respondents])
    sheet.append(["", "Populasi dilayani", "", "", sample.population])
    sheet.append(["", "Dasar populasi", "", "", sample.source_label])
    sheet.append(["", "Sampel minimum (tabel Krejcie-Morgan)", "", "", sample.minimum])
    sheet.append(["", "Sampel memenuhi", "", "", "Ya" if sample.is_enough else "Tidak"])
    mean = getattr(report, "mean_of_institutions", None)
    if mean is not None:
        sheet.append(["", "Rata-rata IKM lembaga (tanpa pembobotan responden)", "", "", float(mean)])

    if report.profile:
        sheet.append([])
        sheet.append(["", "PROFIL RESPONDEN", "", "Jumlah", "%"])
        for cell in sheet[sheet.max_row]:
            cell.font, cell.fill = BOLD, HEADER_FILL
        for group, counts in report.profile.items():
            sheet.append(["", group])
            sheet.cell(sheet.max_row, 2).font = BOLD
            for label, count in counts:
                share = round(100 * count / report.respondents, 1) if report.respondents else 0
                sheet.append(["", f"  {label}", "", count, share])
    for column, width in zip("ABCDE", (6, 52, 14, 14, 22), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=6):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")

    institutions = getattr(report, "institutions", None)
    if institutions:
        per = workbook.create_sheet("Per lembaga")
        per.append(["Kode", "Lembaga", "Responden", "IKM", "Mutu", "Kinerja"])
        for cell in per[1]:
            cell.font, cell.fill = BOLD, HEADER_FILL
        for institution, each in institutions:
            if each is None:
                per.append([institution.code, institution.name, 0, None, "", ""])
            else:
                per.append(
                    [
                        institution.code,
                        institution.name,
                        each.respondents,
                        float(each.ikm),
                        each.grade.letter,
                        each.grade.words,
                    ]
                )

    if report.trend:
        trend = workbook.create_sheet("Tren")
        trend.append(["Periode", "Responden", "IKM", "Mutu"])
        for cell in trend[1]:
            cell.font, cell.fill = BOLD, HEADER_FILL
        for period, each in report.trend:
            trend.append(
                [period.label, each.respondents if each else 0, float(each.ikm) if each else None,
                 each.grade.letter if each else ""]
            )  # fmt: skip
        for index in range(1, 5):
            trend.column_dimensions[get_column_letter(index)].width = 20

    buffer = io.BytesIO()
    neutralise_workbook(workbook)
    workbook.save(buffer)
    return buffer.getvalue()
