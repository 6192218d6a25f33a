import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from apps.surveys.models import Channel, SurveyResponse

from .conftest import add_responses, uniform

pytestmark = pytest.mark.django_db

HEADER = ["institution_code", "submitted_on", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9",
          "sex", "age", "education", "occupation"]  # fmt: skip


def xlsx(tmp_path, rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "skm.xlsx"
    workbook.save(path)
    return str(path)


def good_row(
    code="UPT-JBR",
    day=date(2026, 10, 5),
    answers=(4, 3, 3, 4, 3, 3, 4, 2, 3),
    profile=("L", 45, "SMA", "Swasta"),
):
    return [code, day, *answers, *profile]


def test_import_writes_every_row_as_paper_responses(tmp_path, jember, tuban):
    path = xlsx(
        tmp_path, [good_row(), good_row("upt-tbn", "2026-10-06"), good_row(profile=(None, None, None, None))]
    )
    out = io.StringIO()
    call_command("import_survey_responses", path, stdout=out)
    assert "3 jawaban" in out.getvalue()
    assert SurveyResponse.objects.count() == 3
    assert set(SurveyResponse.objects.values_list("channel", flat=True)) == {Channel.PAPER}
    first = SurveyResponse.objects.filter(institution=jember, sex="L").get()
    assert (first.age, first.education, first.occupation, first.u8) == (45, "sma", "swasta", 2)
    assert SurveyResponse.objects.get(institution=tuban).submitted_on == date(2026, 10, 6)


def test_import_with_bad_rows_writes_nothing_and_reports_each_row(tmp_path, jember):
    rows = [
        good_row(),
        good_row(answers=(5, 3, 3, 4, 3, 3, 4, 2, 3)),  # row 3: u1 out of range
        good_row(code="NOPE"),  # row 4: unknown institution
        good_row(day="kemarin", profile=("X", 7, "SMA", "Swasta")),  # row 5: date, sex and age
        good_row(),
    ]
    err = io.StringIO()
    with pytest.raises(CommandError, match="3 baris bermasalah"):
        call_command("import_survey_responses", xlsx(tmp_path, rows), stderr=err)
    report = err.getvalue()
    assert "baris 3: u1 harus 1-4" in report
    assert "baris 4: lembaga NOPE tidak dikenal" in report
    assert "baris 5" in report and "submitted_on" in report and "sex" in report and "age" in report
    assert "baris 2" not in report and "baris 6" not in report
    assert SurveyResponse.objects.count() == 0


def test_import_with_a_missing_answer_column_is_refused(tmp_path, jember):
    header = [h for h in HEADER if h != "u9"]
    row = good_row()
    del row[10]
    with pytest.raises(CommandError, match="u9"):
        call_command("import_survey_responses", xlsx(tmp_path, [row], header=header))
    assert SurveyResponse.objects.count() == 0


def test_import_of_a_missing_file_fails_cleanly():
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_survey_responses", "/nonexistent/skm.xlsx")


def test_ikm_report_json_for_the_worked_example(worked_example):
    out = io.StringIO()
    call_command(
        "ikm_report", "--institution", "UPT-JBR", "--period", "2026-10", "--format", "json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["respondents"] == 29
    assert data["ikm"] == 91.48
    assert data["grade"] == "A"
    assert set(data["nrr"]) == {f"u{n}" for n in range(1, 10)}
    assert data["nrr"]["u1"] == 3.62


def test_ikm_report_respects_the_weight_setting(settings, worked_example):
    settings.IKM_WEIGHT = "0.11"
    out = io.StringIO()
    call_command("ikm_report", "--institution", "UPT-JBR", "--period", "2026-Q4", stdout=out)
    assert json.loads(out.getvalue())["ikm"] == 90.56


def test_ikm_report_csv(worked_example):
    out = io.StringIO()
    call_command("ikm_report", "--institution", "UPT-JBR", "--period", "2026", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 1
    assert rows[0]["ikm"] == "91.48" and rows[0]["grade"] == "A" and rows[0]["respondents"] == "29"
    assert rows[0]["u4"] == "4.0"


def test_ikm_report_for_a_region_pools_its_institutions(jember, tuban, semarang):
    add_responses(jember, uniform(4, 1), on=date(2026, 10, 5))
    add_responses(tuban, uniform(2, 3), on=date(2026, 10, 5))
    add_responses(semarang, uniform(1, 3), on=date(2026, 10, 5))
    out = io.StringIO()
    call_command("ikm_report", "--region", "35", "--period", "2026-10", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["respondents"], data["ikm"], data["grade"]) == (4, 62.5, "D")
    assert data["mean_of_institutions"] == 75.0


def test_ikm_report_for_an_empty_period_has_no_index(jember):
    out = io.StringIO()
    call_command("ikm_report", "--institution", "UPT-JBR", "--period", "2026-10", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["respondents"], data["ikm"], data["grade"]) == (0, None, None)


@pytest.mark.parametrize(
    "args",
    [
        ["--institution", "UPT-JBR", "--period", "2026-13"],
        ["--institution", "NOPE", "--period", "2026"],
        ["--region", "99.99", "--period", "2026"],
    ],
)
def test_ikm_report_refuses_bad_arguments(jember, args):
    with pytest.raises(CommandError):
        call_command("ikm_report", *args)
