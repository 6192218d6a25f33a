"""Finding a desa/kelurahan from a spreadsheet's text: a code, or names village first."""

import pytest

from apps.regions.lookup import villages_by_text

pytestmark = pytest.mark.django_db


def test_codes_and_names_in_two_queries(django_assert_num_queries):
    values = [
        "35.09.01.2001",
        "Padomasan, Jombang, Jember",
        "Desa Padomasan, Kec. Jombang, Kab. Jember",
        " desa  PADOMASAN , kecamatan jombang , kabupaten jember ",
        "Kel. Kebraon, Kec. Karang Pilang, Kota Surabaya",
    ]
    with django_assert_num_queries(2):
        found = villages_by_text(values)
    assert found == {
        "35.09.01.2001": ["35.09.01.2001"],
        "Padomasan, Jombang, Jember": ["35.09.01.2001"],
        "Desa Padomasan, Kec. Jombang, Kab. Jember": ["35.09.01.2001"],
        "desa  PADOMASAN , kecamatan jombang , kabupaten jember": ["35.09.01.2001"],
        "Kel. Kebraon, Kec. Karang Pilang, Kota Surabaya": ["35.78.01.1002"],
    }


def test_unknown_texts_name_nothing():
    found = villages_by_text(["35.09.01.9999", "35.09.01", "Padomasan, Jombang, Surabaya", "Jember", ""])
    assert found == {
        "35.09.01.9999": [],
        "35.09.01": [],
        "Padomasan, Jombang, Surabaya": [],
        "Jember": [],
    }


def test_kab_or_kota_is_kept_when_written_and_either_fits_when_left_out():
    found = villages_by_text(
        [
            "Kebraon, Karang Pilang, Kab. Surabaya",
            "Kebraon, Karang Pilang, Surabaya",
            "Mangli, Kaliwates, Kota Jember",
        ]
    )
    assert found == {
        "Kebraon, Karang Pilang, Kab. Surabaya": [],
        "Kebraon, Karang Pilang, Surabaya": ["35.78.01.1002"],
        "Mangli, Kaliwates, Kota Jember": [],
    }
