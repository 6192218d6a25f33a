from datetime import date
from decimal import Decimal

from apps.core.formatting import rupiah, tanggal


def test_rupiah_uses_dots_between_thousands():
    assert rupiah(1250000) == "Rp 1.250.000"
    assert rupiah(Decimal("121769697776")) == "Rp 121.769.697.776"
    assert rupiah(0) == "Rp 0"
    assert rupiah(-5000) == "-Rp 5.000"
    assert rupiah(None) == ""


def test_tanggal_is_written_the_indonesian_way():
    assert tanggal(date(2026, 8, 17)) == "17 Agustus 2026"
    assert tanggal(None) == ""
