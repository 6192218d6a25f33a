"""Indonesian telephone numbers: one rule for every phone field and import.

Accepted as typed: an optional ``+62`` or ``0`` prefix, then digits, with spaces or dashes
between them (``0812-3456-7890``, ``+62 331 421 234``, ``(0)`` after ``+62`` is a common
slip and is dropped). Stored normalised as ``+62`` and the national number
(``+6281234567890``): 9 to 15 digits in all, the length of an E.164 number.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

COUNTRY = "62"
MIN_DIGITS, MAX_DIGITS = 9, 15
_TYPED = re.compile(r"^(\+62|0)?[ \-]*[0-9][0-9 \-]*$")


def phone_error() -> str:
    return _(
        "Nomor telepon tidak valid: awali dengan +62 atau 0, lalu 9–15 angka (spasi dan tanda - "
        "boleh), mis. 0812-3456-7890."
    )


def normalize_phone(value) -> str:
    """``value`` as stored (``+62…``), or "" when empty; ``ValidationError`` (code ``phone``)
    when it is not an Indonesian number. A number (a spreadsheet cell) is read as its digits."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet cell typed as a number (its leading 0 is lost)
    typed = str(value if value is not None else "").strip()
    if not typed:
        return ""
    typed = typed.replace("+62 (0)", "+62").replace("+62(0)", "+62")
    if not _TYPED.match(typed):
        raise ValidationError(phone_error(), code="phone")
    digits = re.sub(r"[ \-]", "", typed)
    if digits.startswith("+62"):
        national = digits[3:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits
    national = national.removeprefix("0")
    if not national or not MIN_DIGITS <= len(COUNTRY + national) <= MAX_DIGITS:
        raise ValidationError(phone_error(), code="phone")
    return f"+{COUNTRY}{national}"
