"""How a region reads in an address: one label for the file, the history and the picker."""

import pytest

from apps.regions.formatting import (
    address_label,
    address_labels,
    district_label,
    regency_label,
    regency_sort_key,
    region_label,
    village_label,
)
from apps.regions.models import Region


def test_a_desa_code_serial_2xxx_reads_desa():
    assert village_label("35.09.01.2001", "Padomasan") == "Desa Padomasan"


def test_a_kelurahan_code_serial_1xxx_reads_kel():
    assert village_label("35.78.01.1001", "Karang Pilang") == "Kel. Karang Pilang"


def test_a_village_name_that_carries_its_kind_is_not_prefixed_again():
    assert village_label("91.03.01.3007", "Desa Adat Yoboi") == "Desa Adat Yoboi"
    assert village_label("11.01.01.2004", "Gampong Drien") == "Desa Gampong Drien"


def test_a_district_reads_kec_and_distrik_in_papua():
    assert district_label("35.09.01", "Jombang") == "Kec. Jombang"
    assert district_label("91.71.01", "Jayapura Utara") == "Distrik Jayapura Utara"


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Kabupaten Jember", "Kab. Jember"),
        ("Kota Surabaya", "Kota Surabaya"),
        ("Kota Administrasi Jakarta Pusat", "Kota Adm. Jakarta Pusat"),
        ("Kabupaten Administrasi Kepulauan Seribu", "Kab. Adm. Kepulauan Seribu"),
        ("Kotabaru", "Kotabaru"),
    ],
)
def test_a_regency_reads_kab_or_kota(name, label):
    assert regency_label(name) == label


def test_kabupaten_and_kota_of_one_name_sort_together():
    names = ["Kota Malang", "Kabupaten Jember", "Kabupaten Malang", "Kota Batu"]
    assert sorted(names, key=regency_sort_key)[:2] == ["Kota Batu", "Kabupaten Jember"]


def test_region_label_picks_the_level_from_the_code():
    assert region_label("35", "Jawa Timur") == "Jawa Timur"
    assert region_label("35.09", "Kabupaten Jember") == "Kab. Jember"
    assert region_label("35.09.01", "Jombang") == "Kec. Jombang"


def _chain(*rows):
    parent = None
    for code, name in rows:
        parent = Region(code=code, name=name, level=code.count(".") + 1, parent=parent)
    return parent


def test_address_label_names_the_desa_its_kecamatan_and_its_kabupaten():
    village = _chain(
        ("35", "Jawa Timur"),
        ("35.09", "Kabupaten Jember"),
        ("35.09.01", "Jombang"),
        ("35.09.01.2001", "Padomasan"),
    )
    assert address_label(village) == "Desa Padomasan, Kec. Jombang, Kab. Jember"
    assert (
        address_label(village, with_province=True) == "Desa Padomasan, Kec. Jombang, Kab. Jember, Jawa Timur"
    )


def test_address_label_of_a_kelurahan_in_a_kota():
    village = _chain(
        ("35", "Jawa Timur"),
        ("35.78", "Kota Surabaya"),
        ("35.78.01", "Karang Pilang"),
        ("35.78.01.1002", "Kebraon"),
    )
    assert address_label(village) == "Kel. Kebraon, Kec. Karang Pilang, Kota Surabaya"


def test_address_label_of_higher_levels_and_of_nothing():
    assert address_label(_chain(("35", "Jawa Timur"), ("35.09", "Kabupaten Jember"))) == "Kab. Jember"
    assert address_label(_chain(("35", "Jawa Timur"))) == "Jawa Timur"
    assert address_label(None) == ""


@pytest.mark.django_db
def test_address_labels_reads_many_regions_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        labels = address_labels(["35.09.01.2001", "35.78.01.1002", "35.09.01"])
    assert labels == {
        "35.09.01.2001": "Desa Padomasan, Kec. Jombang, Kab. Jember",
        "35.78.01.1002": "Kel. Kebraon, Kec. Karang Pilang, Kota Surabaya",
        "35.09.01": "Kec. Jombang, Kab. Jember",
    }


@pytest.mark.django_db
def test_the_model_and_the_template_filter_give_the_same_label():
    from django.template import Context, Template

    village = Region.objects.select_related("parent__parent").get(code="35.09.01.2001")
    rendered = Template("{% load regions %}{{ village|address_label }}").render(Context({"village": village}))
    assert rendered == village.address_label == "Desa Padomasan, Kec. Jombang, Kab. Jember"
