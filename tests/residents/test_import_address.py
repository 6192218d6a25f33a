"""The residents import takes the desa/kelurahan of origin as a code or as names."""

import pytest

from apps.core.errors import ImportRejected
from apps.residents.models import Resident
from apps.residents.services import residents_import
from apps.residents.services._import_rows import _origin_village
from tests.residents.test_import import row, write_xlsx

pytestmark = pytest.mark.django_db


def test_a_code_or_names_give_the_origin_village(tmp_path, jember):
    rows = [
        row(origin_village="35.09.01.2001"),
        row(
            registration_no="UPT-JBR-2024-00008",
            full_name="Wagiyem",
            origin_village="Padomasan, Jombang, Jember",
        ),
        row(
            registration_no="UPT-JBR-2024-00009",
            full_name="Sarmi",
            origin_village="Kel. Kebraon, Kec. Karang Pilang, Kota Surabaya",
        ),
        row(registration_no="UPT-JBR-2024-00010", full_name="Tanpa Alamat"),
    ]
    residents_import(actor=None, source=write_xlsx(tmp_path / "pm.xlsx", rows))
    stored = dict(Resident.objects.values_list("registration_no", "origin_village_id"))
    assert stored == {
        "UPT-JBR-2024-00007": "35.09.01.2001",
        "UPT-JBR-2024-00008": "35.09.01.2001",
        "UPT-JBR-2024-00009": "35.78.01.1002",
        "UPT-JBR-2024-00010": None,
    }


def test_an_unknown_village_rejects_its_row_with_a_hint(tmp_path, jember):
    rows = [row(), row(registration_no="UPT-JBR-2024-00008", full_name="Wagiyem", origin_village="Jember")]
    with pytest.raises(ImportRejected) as caught:
        residents_import(actor=None, source=write_xlsx(tmp_path / "pm.xlsx", rows))
    assert [e.row for e in caught.value.errors] == [3]
    assert "desa/kelurahan asal 'Jember' tidak dikenal" in caught.value.errors[0].message
    assert not Resident.objects.exists()


def test_names_that_fit_several_places_ask_for_the_code():
    problems = []
    assert (
        _origin_village("Sukamaju, Sukamaju, Kab. X", {"Sukamaju, Sukamaju, Kab. X": ["a", "b"]}, problems)
        is None
    )
    assert problems == [
        "desa/kelurahan asal 'Sukamaju, Sukamaju, Kab. X' ada di beberapa tempat; tulis kodenya"
    ]
