"""Export of the filtered residents list to XLSX and CSV: content, NIK masking, access log, scoping."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.residents.models import AccessLog
from tests.factories import UserFactory, category
from tests.residents.views.conftest import make_resident

pytestmark = pytest.mark.django_db

NIK = "3509014101500001"


@pytest.fixture
def residents(jember, staff_jember, tuban, staff_tuban):
    siti = make_resident(
        jember, staff_jember, name="Siti Aminah", sex="P", nik=NIK, birth_date=date(1950, 1, 1)
    )
    formula = make_resident(
        jember, staff_jember, name="=HYPERLINK(1)", admit_days_ago=None, welfare_category=category("PD")
    )
    joko = make_resident(tuban, staff_tuban, name="Joko Susilo")
    return siti, formula, joko


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_csv_export_has_the_visible_filtered_rows_and_full_nik_for_staff(client, staff_jember, residents):
    client.force_login(staff_jember)
    response = client.get(reverse("residents:export", args=["csv"]), {"category": category("LUT").pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][:4] == ["No. registrasi", "Nama lengkap", "Nama panggilan", "NIK"]
    assert [r[1] for r in rows[1:]] == ["Siti Aminah"]  # the filter applies; Tuban's PM is not visible
    assert rows[1][3] == NIK
    assert rows[1][10] == "UPT PSTW Jember"
    assert rows[1][11] == "Dalam panti"


def test_xlsx_export_masks_nik_for_supervisor(client, supervisor_jatim, residents):
    client.force_login(supervisor_jatim)
    response = client.get(reverse("residents:export", args=["xlsx"]))
    assert response.status_code == 200
    rows = xlsx_rows(response)
    by_name = {r[1]: r for r in rows[1:]}
    assert set(by_name) == {"Siti Aminah", "'=HYPERLINK(1)", "Joko Susilo"}
    assert by_name["Siti Aminah"][3] == "3509********0001"
    assert NIK.encode() not in response.content


def test_export_neutralises_formulas(client, staff_jember, residents):
    client.force_login(staff_jember)
    rows = csv_rows(client.post(reverse("residents:export", args=["csv"]), {"q": "hyperlink"}))
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][11] == "Luar panti"


def test_export_is_logged_with_count_format_and_filter_names_only(client, staff_jember, residents):
    client.force_login(staff_jember)
    response = client.post(reverse("residents:export", args=["csv"]), {"q": "Siti", "sex": "P", "page": "2"})
    b"".join(response.streaming_content)
    log = AccessLog.objects.get(action="export")
    assert log.user == staff_jember
    assert log.detail == {"count": 1, "format": "csv", "filters": ["q", "sex"]}
    assert "Siti" not in str(log.detail)


def test_export_is_refused_to_a_user_without_the_right(client, jember, residents):
    client.force_login(UserFactory())
    assert client.get(reverse("residents:export", args=["xlsx"])).status_code == 403
    assert not AccessLog.objects.exists()


def test_unknown_export_format_is_not_found(client, staff_jember):
    client.force_login(staff_jember)
    assert client.get("/residents/export.pdf").status_code == 404


def test_export_links_are_shown_only_with_the_right(client, staff_jember, residents):
    client.force_login(staff_jember)
    assert b'data-testid="export-xlsx"' in client.get(reverse("residents:list")).content
    client.force_login(UserFactory())
    assert b'data-testid="export-xlsx"' not in client.get(reverse("residents:list")).content


def test_export_query_count_does_not_grow_with_rows(client, staff_jember, jember, django_assert_num_queries):
    jember.capacity = 50
    jember.save(update_fields=["capacity"])
    for n in range(3):
        make_resident(jember, staff_jember, name=f"Penghuni {n}")
    client.force_login(staff_jember)
    url = reverse("residents:export", args=["xlsx"])
    # session, user, scopes, visible institution ids, roles, count, access log,
    # rows (in a cursor), session refresh (3)
    with django_assert_num_queries(11):
        assert len(xlsx_rows(client.get(url))) == 4
    for n in range(3, 9):
        make_resident(jember, staff_jember, name=f"Penghuni {n}")
    with django_assert_num_queries(11):
        assert len(xlsx_rows(client.get(url))) == 10
