"""Indonesian telephone numbers: one rule (apps.core.phones), stored normalised."""

import pytest
from django.core.exceptions import ValidationError

from apps.core.forms import PhoneField
from apps.core.phones import normalize_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("+62 (0)812 3456 7890", "+6281234567890"),
        ("+62-331-421234", "+62331421234"),
        ("0331 421234", "+62331421234"),
        ("81234567890", "+6281234567890"),
        (81234567890.0, "+6281234567890"),  # a spreadsheet cell typed as a number
        ("  ", ""),
        (None, ""),
    ],
)
def test_numbers_are_stored_normalised(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "0812",  # too short: 6 digits with the country code
        "0812-3456-7890-1234",  # too long: more than 15 digits
        "+1 202 555 0100",  # not Indonesian
        "0812.3456.7890",  # dots are not among the separators
        "0812-3456-78ab",
        "62-812-3456-7890+",
        "+62",
    ],
)
def test_other_numbers_are_refused_with_an_indonesian_message(typed):
    with pytest.raises(ValidationError) as caught:
        normalize_phone(typed)
    assert caught.value.code == "phone"
    assert "Nomor telepon tidak valid" in caught.value.messages[0]


def test_nine_to_fifteen_digits_after_normalisation():
    assert normalize_phone("0331 4212") == "+623314212"  # 10 digits
    assert normalize_phone("0 1234 567") == "+621234567"  # 9 digits
    with pytest.raises(ValidationError):
        normalize_phone("0 1234 56")  # 8 digits
    assert normalize_phone("0 1234 5678 9012 3") == "+621234567890123"  # 15 digits
    with pytest.raises(ValidationError):
        normalize_phone("0 1234 5678 9012 34")  # 16 digits


def test_the_form_field_cleans_to_the_stored_form():
    field = PhoneField(required=False)
    assert field.clean("0812-3456-7890") == "+6281234567890"
    assert field.clean("") == ""
    with pytest.raises(ValidationError):
        field.clean("12")
