"""Money and date helpers in the Indonesian way: Rp 1.250.000, 17 Agustus 2026."""

from datetime import date
from decimal import Decimal

MONTHS_ID = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


def rupiah(amount: int | Decimal | None) -> str:
    """Format whole rupiah with dots between thousands: ``Rp 1.250.000``."""
    if amount is None:
        return ""
    value = int(Decimal(amount).quantize(Decimal(1)))
    sign = "-" if value < 0 else ""
    return f"{sign}Rp {abs(value):,}".replace(",", ".")


def tanggal(value: date | None) -> str:
    """A date as Indonesians write it, independent of the active language."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"
