"""The address picker as a form field: the chain it accepts, the ones it refuses and why."""

import pytest
from django import forms

from apps.regions.forms import RegionChainField, prefill_of

pytestmark = pytest.mark.django_db


class AddressForm(forms.Form):
    village = RegionChainField(required=False)


class RequiredAddressForm(forms.Form):
    village = RegionChainField()


def post(form_class=AddressForm, prefill="35.09", **parts):
    form = form_class({f"village_{part}": value for part, value in parts.items()})
    form.fields["village"].prefill = prefill
    return form


def errors(form) -> list[str]:
    assert not form.is_valid()
    return [e.code for e in form.errors.as_data()["village"]]


def test_a_full_chain_gives_the_village_with_its_ancestors(django_assert_num_queries):
    form = post(province="35", regency="35.09", district="35.09.01", village="35.09.01.2001")
    with django_assert_num_queries(1):
        assert form.is_valid(), form.errors
        village = form.cleaned_data["village"]
        assert village.address_label == "Desa Padomasan, Kec. Jombang, Kab. Jember"


def test_the_picker_as_it_came_is_no_address():
    assert post(province="35", regency="35.09", district="", village="").is_valid()
    assert post(province="35", regency="", district="", village="").is_valid()
    assert post(province="", regency="", district="", village="").is_valid()
    form = post(province="35", regency="35.09")
    form.is_valid()
    assert form.cleaned_data["village"] is None


def test_a_chain_stopped_at_a_kecamatan_is_incomplete():
    form = post(province="35", regency="35.09", district="35.09.01", village="")
    assert errors(form) == ["no_village"]
    assert "Pilih desa/kelurahan" in form.errors["village"][0]


def test_a_kab_kota_the_user_changed_without_going_further_is_incomplete():
    assert errors(post(province="35", regency="35.78")) == ["incomplete"]
    assert errors(post(province="33", regency="")) == ["incomplete"]
    assert errors(post(prefill="", province="35", regency="35.09")) == ["incomplete"]


@pytest.mark.parametrize(
    ("parts", "code"),
    [
        (
            {"province": "33", "regency": "35.09", "district": "35.09.01", "village": "35.09.01.2001"},
            "regency_outside",
        ),
        (
            {"province": "35", "regency": "35.78", "district": "35.09.01", "village": "35.09.01.2001"},
            "district_outside",
        ),
        (
            {"province": "35", "regency": "35.09", "district": "35.09.19", "village": "35.09.01.2001"},
            "village_outside",
        ),
    ],
)
def test_levels_that_do_not_nest_are_refused_by_the_level_that_left(parts, code, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert errors(post(**parts)) == [code]


def test_an_inconsistent_chain_says_so_in_indonesian():
    form = post(province="35", regency="35.09", district="35.09.19", village="35.09.01.2001")
    assert form.errors["village"] == ["Desa/kelurahan tidak berada di kecamatan yang dipilih; pilih ulang."]


@pytest.mark.parametrize(
    "parts",
    [
        {"village": "35.09.01.9999"},  # well formed, not a village of today
        {"province": "35", "regency": "35.09", "district": "35.09.01", "village": "35.09.01.2999"},
    ],
)
def test_an_unknown_village_is_refused(parts):
    assert errors(post(**parts)) == ["unknown_village"]


@pytest.mark.parametrize(
    "parts",
    [
        {"province": "<script>"},
        {"province": "35.09"},  # a kab/kota in the province's place
        {"village": "35.09.01"},
        {"district": "x" * 10_000},
        {"regency": "-1"},
    ],
)
def test_values_no_select_offers_are_invalid_not_errors(parts, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert errors(post(**parts)) == ["invalid"]


def test_the_code_box_without_javascript_wins_over_the_selects():
    form = post(province="35", regency="35.09", district="", village="", code=" 35.78.01.1002 ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["village"].code == "35.78.01.1002"
    assert errors(post(code="35.09.01")) == ["unknown_code"]
    assert errors(post(code="Jember")) == ["unknown_code"]


def test_a_required_picker_needs_a_village():
    assert errors(post(RequiredAddressForm, province="35", regency="35.09")) == ["required"]


def test_the_picker_renders_every_chosen_level_in_one_query(django_assert_num_queries):
    form = AddressForm(initial={"village": "35.09.01.2001"})
    with django_assert_num_queries(1):
        html = str(form["village"])
    for name, code in [
        ("province", "35"),
        ("regency", "35.09"),
        ("district", "35.09.01"),
        ("village", "35.09.01.2001"),
    ]:
        assert f'name="village_{name}"' in html
        assert f'<option value="{code}" selected>' in html
    assert ">Padomasan</option>" in html and ">Kaliwates</option>" in html  # villages and districts
    assert 'data-children-url="/regions/00/children/"' in html


def test_a_blank_picker_starts_at_the_prefill_and_lists_its_kecamatan():
    form = AddressForm()
    form.fields["village"].prefill = "35.09"
    html = str(form["village"])
    assert '<option value="35" selected>' in html and '<option value="35.09" selected>' in html
    assert ">Jombang</option>" in html
    assert "— pilih desa/kelurahan —" in html


def test_a_refused_chain_is_shown_again_as_posted_with_the_next_level_filled():
    # Without JavaScript: the kecamatan was chosen and posted; its villages now appear.
    form = post(province="35", regency="35.09", district="35.09.01", village="")
    assert not form.is_valid()
    html = str(form["village"])
    assert '<option value="35.09.01" selected>' in html and ">Padomasan</option>" in html


def test_the_prefill_is_what_the_institutions_share():
    assert prefill_of(["35.09", "35.09.01"]) == "35.09"
    assert prefill_of(["35.09", "35.23"]) == "35"
    assert prefill_of(["35.09", "33.74"]) == ""
    assert prefill_of([]) == ""
    assert prefill_of(["35.09.01.2001"]) == "35.09"
