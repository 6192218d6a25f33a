"""Every export writes text that looks like a formula as text."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.core.exports import neutralise_workbook, safe_cell, safe_row, safe_text
from tests.factories import InstitutionFactory


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_like_text_is_escaped(text):
    assert safe_cell(text) == "'" + text
    assert safe_text(text) == "'" + text


def test_other_values_pass_unchanged():
    assert safe_row(["Siti", 12, None, 3.5]) == ["Siti", 12, None, 3.5]
    assert safe_text(None) == ""


def test_a_built_workbook_loses_its_formulas():
    workbook = Workbook()
    workbook.active.append(['=HYPERLINK("http://x")', "ok", 3])
    neutralise_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows(values_only=True))[0]
    assert cells == ('\'=HYPERLINK("http://x")', "ok", 3)


@pytest.mark.django_db
def test_the_ikm_region_export_writes_an_institution_name_as_text(client, supervisor_jatim):
    InstitutionFactory(code="UPT-EVIL", name='=HYPERLINK("http://evil.example","klik")', region_id="35.09")
    client.force_login(supervisor_jatim)
    response = client.get(reverse("surveys:region_export", args=["35"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    names = [c.value for s in workbook.worksheets for r in s.iter_rows() for c in r if c.value]
    assert '\'=HYPERLINK("http://evil.example","klik")' in names
